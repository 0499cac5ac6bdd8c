package io.granary.core.model;

import io.granary.core.checksum.ChecksumAlgorithm;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A multipart upload in progress: where its object will go and the metadata the object will get
 * when the upload completes (the headers of CreateMultipartUpload, not those of the parts).
 *
 * @param uploadId opaque, URL-safe and unguessable; see {@link #isWellFormedId}
 * @param initiatorId the canonical id of the user who started the upload
 * @param userMetadata the {@code x-amz-meta-*} pairs, names lower-cased and without the prefix
 * @param storageClass the storage class the client asked for, {@code STANDARD} by default
 * @param checksumAlgorithm the additional checksum of the parts, or {@code null} for none
 */
public record UploadInfo(
        BucketName bucket,
        ObjectKey key,
        String uploadId,
        Instant initiated,
        String initiatorId,
        ContentHeaders headers,
        Map<String, String> userMetadata,
        String storageClass,
        ChecksumAlgorithm checksumAlgorithm) {

    /** 52 lower-case hex digits: a hybrid logical timestamp, a zone id and 128 random bits. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{52}");

    public UploadInfo {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(initiated, "initiated");
        Objects.requireNonNull(initiatorId, "initiatorId");
        if (!isWellFormedId(uploadId)) {
            throw new IllegalArgumentException("not an upload id: " + uploadId);
        }
        headers = headers == null ? ContentHeaders.NONE : headers;
        userMetadata = Map.copyOf(userMetadata == null ? Map.of() : userMetadata);
        storageClass = storageClass == null ? "STANDARD" : storageClass;
    }

    /** An upload without additional checksums. */
    public UploadInfo(BucketName bucket, ObjectKey key, String uploadId, Instant initiated, String initiatorId,
            ContentHeaders headers, Map<String, String> userMetadata, String storageClass) {
        this(bucket, key, uploadId, initiated, initiatorId, headers, userMetadata, storageClass, null);
    }

    /**
     * Whether {@code uploadId} has the shape of the ids this store hands out. Ids sort by the time
     * their uploads started, as S3 lists the uploads of one key.
     */
    public static boolean isWellFormedId(String uploadId) {
        return uploadId != null && ID.matcher(uploadId).matches();
    }
}
