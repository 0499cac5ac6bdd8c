package io.granary.core.spi;

import io.granary.core.model.CompletedPart;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.UploadInfo;
import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/**
 * Multipart uploads in progress and their parts. Each upload, with all its parts, changes
 * atomically: a part is stored only while its upload is {@link UploadState#OPEN open}, and
 * {@link #beginCompletion} freezes the parts as they are at that instant. Uploads of a bucket are
 * kept in UTF-8 order of key, then upload id.
 *
 * <p>The catalog only keeps records; blobs are the caller's. Every method that drops a part from
 * the catalog returns it, so the caller can release its blob.
 *
 * <p>Implementations are thread-safe. Operations on an upload that is not there fail with
 * {@link io.granary.core.StoreError#NO_SUCH_UPLOAD}; operations an upload's state forbids fail with
 * {@link io.granary.core.StoreError#CONFLICT}. Failures of the backing store surface as
 * {@link io.granary.core.StoreException} with {@link io.granary.core.StoreError#UNAVAILABLE} or
 * {@link io.granary.core.StoreError#INTERNAL}.
 */
public interface UploadCatalog extends Closeable {
    /**
     * Records a new open upload with no parts.
     *
     * @return false, changing nothing, if an upload with that id exists for that key already
     */
    boolean createUpload(BucketRecord bucket, UploadInfo upload);

    /** The upload, open or completing. */
    Optional<UploadRecord> findUpload(BucketRecord bucket, ObjectKey key, String uploadId);

    /**
     * Up to {@code limit} uploads (open or completing) of {@code bucket} whose keys start with
     * {@code prefix}, from {@code start} on, in UTF-8 byte order of key, then upload id.
     */
    List<UploadRecord> listUploads(BucketRecord bucket, UploadScanStart start, String prefix, int limit);

    /**
     * Stores a part of an open upload, replacing the part of that number.
     *
     * @return the part it replaced, if any
     * @throws io.granary.core.StoreException {@code NO_SUCH_UPLOAD}, or {@code CONFLICT} if the
     *     upload is being completed
     */
    Optional<PartRecord> putPart(BucketRecord bucket, ObjectKey key, String uploadId, PartRecord part);

    /**
     * Up to {@code limit} parts of the upload (open or completing) whose numbers are above
     * {@code afterPartNumber}, by number.
     *
     * @throws io.granary.core.StoreException {@code NO_SUCH_UPLOAD}
     */
    List<PartRecord> listParts(BucketRecord bucket, ObjectKey key, String uploadId, int afterPartNumber, int limit);

    /**
     * Marks an open upload as completing with {@code selection}, the parts a
     * CompleteMultipartUpload named, and returns every part it holds, frozen from now on. Asked
     * again with the same selection while the upload is completing (a retried completion), it
     * returns the same parts.
     *
     * @throws io.granary.core.StoreException {@code NO_SUCH_UPLOAD}, or {@code CONFLICT} if the
     *     upload is completing with another selection
     */
    UploadSnapshot beginCompletion(BucketRecord bucket, ObjectKey key, String uploadId, List<CompletedPart> selection);

    /**
     * Opens again an upload completing with {@code selection}, when the parts it names turn out
     * not to make an object. Does nothing if the upload is not completing with that selection.
     */
    void cancelCompletion(BucketRecord bucket, ObjectKey key, String uploadId, List<CompletedPart> selection);

    /**
     * Removes a completing upload once its object row is written.
     *
     * @return what it held, if this call removed it; empty if the upload is not there (another
     *     call finished it) or is open
     */
    Optional<FinishedUpload> finishCompletion(BucketRecord bucket, ObjectKey key, String uploadId);

    /**
     * Removes an open upload.
     *
     * @return the parts it held
     * @throws io.granary.core.StoreException {@code NO_SUCH_UPLOAD}, or {@code CONFLICT} if the
     *     upload is being completed
     */
    List<PartRecord> abortUpload(BucketRecord bucket, ObjectKey key, String uploadId);
}
