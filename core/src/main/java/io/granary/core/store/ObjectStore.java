package io.granary.core.store;

import io.granary.core.model.BucketInfo;
import io.granary.core.model.BucketName;
import io.granary.core.model.ByteRange;
import io.granary.core.model.CompletedPart;
import io.granary.core.model.NewUpload;
import io.granary.core.model.ListPage;
import io.granary.core.model.ListQuery;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.ObjectWrite;
import io.granary.core.model.PartInfo;
import io.granary.core.model.PartListing;
import io.granary.core.model.PartWrite;
import io.granary.core.model.UploadInfo;
import io.granary.core.model.UploadListing;
import io.granary.core.model.UploadQuery;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Buckets and objects, as protocol front ends use them. Access control is the front end's job:
 * this interface does what it is asked.
 *
 * <p>Thread-safe. Failures are {@link io.granary.core.StoreException}s naming a
 * {@link io.granary.core.StoreError}.
 */
public interface ObjectStore {
    /**
     * Creates a bucket owned by {@code ownerId}. Fails with {@code BUCKET_ALREADY_OWNED_BY_YOU} or
     * {@code BUCKET_ALREADY_EXISTS} if the name is taken.
     */
    BucketInfo createBucket(BucketName name, String ownerId, String region);

    /** The bucket, or a {@code NO_SUCH_BUCKET} failure. */
    BucketInfo bucket(BucketName name);

    /** The buckets {@code ownerId} owns, by name. */
    List<BucketInfo> listBuckets(String ownerId);

    /**
     * Deletes a bucket that holds no objects, aborting its multipart uploads in progress (and
     * releasing their parts); fails with {@code BUCKET_NOT_EMPTY} if it holds objects.
     */
    void deleteBucket(BucketName name);

    /**
     * Stores an object, replacing any object of that key once the new bytes are durable. Reads
     * {@code data} to its end: an {@link IOException} from {@code data} (a payload that failed its
     * signature, say) aborts the write and is thrown as it is; nothing is stored then.
     */
    ObjectInfo putObject(ObjectWrite write, InputStream data) throws IOException;

    /** The object's description, or a {@code NO_SUCH_KEY} failure. */
    ObjectInfo headObject(BucketName bucket, ObjectKey key);

    /**
     * Stores {@code destination} as a new object over the bytes of {@code source} without copying
     * them, if the source is still the version described and its layout allows it (one blob, and
     * the destination asks for no other checksum algorithm than the source has); its ETag and
     * checksum are the source's. Returns empty, having changed nothing a client can see, when it
     * does not apply: the caller then copies the bytes.
     *
     * @param destination where and with which metadata; its content length must be the source's
     *     size and it declares no MD5
     */
    Optional<ObjectInfo> copyObjectSharingBytes(ObjectWrite destination, ObjectInfo source);

    /** The object, ready to be read by range, or a {@code NO_SUCH_KEY} failure. */
    StoredObject getObject(BucketName bucket, ObjectKey key);

    /** Deletes the object if there is one; deleting a missing key is not an error. */
    void deleteObject(BucketName bucket, ObjectKey key);

    ListPage listObjects(BucketName bucket, ListQuery query);

    /**
     * Starts a multipart upload. Its object gets the upload's headers, metadata and storage class
     * when it completes.
     */
    UploadInfo createMultipartUpload(NewUpload upload);

    /**
     * Stores a part of an open upload, replacing any part of that number, with the same rules as
     * {@link #putObject}: the bytes are durable and match the declared MD5 before the part is
     * recorded, and an {@link IOException} from {@code data} is thrown as it is, storing nothing.
     * Fails with {@code NO_SUCH_UPLOAD}, or {@code CONFLICT} while the upload is being completed.
     *
     * @return the part, whose ETag is the MD5 of its bytes
     */
    PartInfo uploadPart(PartWrite write, InputStream data) throws IOException;

    /**
     * Stores a part of an open upload whose bytes are {@code range} of {@code source} (all of it
     * when {@code range} is {@code null}, which is how an empty source is copied), streamed from
     * the store. {@code write.contentLength()} must be the length copied; the expected MD5 is
     * ignored. A failure to read the source is a storage failure ({@code CORRUPT_DATA} or
     * {@code UNAVAILABLE}).
     */
    PartInfo uploadPartCopy(PartWrite write, StoredObject source, ByteRange range);

    /**
     * Up to {@code maxParts} (0 to 1000) parts of the upload numbered above
     * {@code partNumberMarker}, by number; {@code NO_SUCH_UPLOAD} if there is no such upload.
     */
    PartListing listParts(BucketName bucket, ObjectKey key, String uploadId, int partNumberMarker, int maxParts);

    /**
     * Completes an upload: the object of its key becomes the concatenation of the named parts, in
     * order, without copying their bytes; parts not named are released. The ETag is the hex MD5 of
     * the parts' binary MD5s, a dash and the number of parts.
     *
     * <p>Fails, leaving the upload open, with {@code INVALID_PART_ORDER} unless the part numbers
     * ascend, {@code INVALID_PART} if a named part is missing or has another ETag, and
     * {@code ENTITY_TOO_SMALL} if a part but the last is under {@link ObjectService#MIN_PART_SIZE}.
     * Fails with {@code NO_SUCH_UPLOAD} once the upload is gone (completed or aborted), and with
     * {@code CONFLICT} while another completion with other parts is in progress. A completion
     * retried with the same parts while the first is unfinished (a crash, a timeout) finishes it
     * and returns the same ETag.
     */
    ObjectInfo completeMultipartUpload(BucketName bucket, ObjectKey key, String uploadId, List<CompletedPart> parts);

    /**
     * Aborts an open upload and releases its parts; {@code NO_SUCH_UPLOAD} if there is none,
     * {@code CONFLICT} while it is being completed.
     */
    void abortMultipartUpload(BucketName bucket, ObjectKey key, String uploadId);

    /** A page of the bucket's uploads in progress, by key, then by the time they started. */
    UploadListing listMultipartUploads(BucketName bucket, UploadQuery query);
}
