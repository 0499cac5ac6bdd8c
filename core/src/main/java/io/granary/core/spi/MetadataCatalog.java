package io.granary.core.spi;

import io.granary.core.model.BucketName;
import io.granary.core.model.ObjectKey;
import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/**
 * Buckets and object rows. Each operation on one bucket row or one object row is atomic; one row
 * per key makes a PUT, an overwrite and a delete single-row atomic. Rows of a bucket are kept in
 * S3's order (UTF-8 bytes of the key).
 *
 * <p>Implementations are thread-safe. Failures of the backing store surface as
 * {@link io.granary.core.StoreException} with {@link io.granary.core.StoreError#UNAVAILABLE} or
 * {@link io.granary.core.StoreError#INTERNAL}.
 */
public interface MetadataCatalog extends Closeable {
    /**
     * Creates the bucket unless one of that name exists.
     *
     * @return empty if this call created it, otherwise the bucket that already exists
     */
    Optional<BucketRecord> createBucket(BucketRecord bucket);

    Optional<BucketRecord> findBucket(BucketName name);

    /** Every bucket, by name. */
    List<BucketRecord> listBuckets();

    /**
     * Deletes the bucket if it holds no object rows.
     *
     * @return false, leaving it in place, if it holds objects
     */
    boolean deleteBucketIfEmpty(BucketRecord bucket);

    /**
     * Writes the row for {@code record.info().key()} in {@code bucket}, replacing any row there.
     *
     * @return the row it replaced, if any (its blobs are now unreferenced)
     */
    default Optional<ObjectRecord> putObject(BucketRecord bucket, ObjectRecord record) {
        return putObject(bucket, record, RowGuard.ALWAYS).previous();
    }

    /**
     * Writes the row for {@code record.info().key()} in {@code bucket}, replacing the row there, if
     * {@code guard} allows it when shown that row. Reading the row, asking the guard and writing
     * are one atomic step as far as other writers of the row can tell: if the row changes after the
     * guard saw it, the catalog reads it again and asks again.
     */
    RowChange putObject(BucketRecord bucket, ObjectRecord record, RowGuard guard);

    Optional<ObjectRecord> findObject(BucketRecord bucket, ObjectKey key);

    /** @return the row it removed, if there was one */
    default Optional<ObjectRecord> deleteObject(BucketRecord bucket, ObjectKey key) {
        return deleteObject(bucket, key, RowGuard.ALWAYS).previous();
    }

    /**
     * Removes the row of {@code key} if {@code guard} allows it, as atomically as
     * {@link #putObject(BucketRecord, ObjectRecord, RowGuard)} writes one. Without a row there is
     * nothing to remove: the result is applied with no previous row, and the guard is not asked.
     */
    RowChange deleteObject(BucketRecord bucket, ObjectKey key, RowGuard guard);

    /**
     * Up to {@code limit} rows of {@code bucket}, in UTF-8 byte order of key, whose keys start with
     * {@code prefix} and come at or after {@code start}.
     */
    List<ObjectRecord> scan(BucketRecord bucket, ScanStart start, String prefix, int limit);
}
