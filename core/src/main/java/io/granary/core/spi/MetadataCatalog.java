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
     * @return the row it replaced, if any (its blob is now unreferenced)
     */
    Optional<ObjectRecord> putObject(BucketRecord bucket, ObjectRecord record);

    Optional<ObjectRecord> findObject(BucketRecord bucket, ObjectKey key);

    /** @return the row it removed, if there was one */
    Optional<ObjectRecord> deleteObject(BucketRecord bucket, ObjectKey key);

    /**
     * Up to {@code limit} rows of {@code bucket}, in UTF-8 byte order of key, whose keys start with
     * {@code prefix} and come at or after {@code start}.
     */
    List<ObjectRecord> scan(BucketRecord bucket, ScanStart start, String prefix, int limit);
}
