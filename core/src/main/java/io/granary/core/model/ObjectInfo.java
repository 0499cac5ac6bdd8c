package io.granary.core.model;

import io.granary.core.checksum.ObjectChecksum;
import io.granary.core.version.VersionId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about one stored object version, without its bytes.
 *
 * @param etag the entity tag without quotes (hex MD5 for a single PUT)
 * @param userMetadata the {@code x-amz-meta-*} pairs, names lower-cased and without the prefix
 * @param storageClass the storage class the client asked for, {@code STANDARD} by default
 * @param partCount how many parts a multipart upload assembled the object from (1 to
 *     {@value #MAX_PARTS}), or 0 for an object stored by a single PUT
 * @param checksum the additional checksum kept with the object ({@code x-amz-checksum-*}), or
 *     {@code null} when the client asked for none
 */
public record ObjectInfo(
        BucketName bucket,
        ObjectKey key,
        long size,
        String etag,
        Instant lastModified,
        VersionId versionId,
        ContentHeaders headers,
        Map<String, String> userMetadata,
        String storageClass,
        int partCount,
        ObjectChecksum checksum) {

    /** S3's ceiling on the parts of one multipart upload. */
    public static final int MAX_PARTS = 10_000;

    public ObjectInfo {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(versionId, "versionId");
        headers = headers == null ? ContentHeaders.NONE : headers;
        userMetadata = Map.copyOf(userMetadata == null ? Map.of() : userMetadata);
        storageClass = storageClass == null ? "STANDARD" : storageClass;
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        if (partCount < 0 || partCount > MAX_PARTS) {
            throw new IllegalArgumentException("part count out of range: " + partCount);
        }
    }

    /** An object without an additional checksum. */
    public ObjectInfo(BucketName bucket, ObjectKey key, long size, String etag, Instant lastModified,
            VersionId versionId, ContentHeaders headers, Map<String, String> userMetadata, String storageClass,
            int partCount) {
        this(bucket, key, size, etag, lastModified, versionId, headers, userMetadata, storageClass, partCount, null);
    }

    /** An object stored by a single PUT (part count 0), without an additional checksum. */
    public ObjectInfo(BucketName bucket, ObjectKey key, long size, String etag, Instant lastModified,
            VersionId versionId, ContentHeaders headers, Map<String, String> userMetadata, String storageClass) {
        this(bucket, key, size, etag, lastModified, versionId, headers, userMetadata, storageClass, 0);
    }

    /** Whether a multipart upload assembled the object. */
    public boolean isMultipart() {
        return partCount > 0;
    }
}
