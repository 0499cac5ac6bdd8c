package io.granary.core.model;

import io.granary.core.checksum.ChecksumAlgorithm;
import java.util.Map;
import java.util.Objects;

/**
 * A request to start a multipart upload: where the object will go and the metadata it will get.
 *
 * @param initiatorId the canonical id of the user who starts it
 * @param checksumAlgorithm the additional checksum every part gets, and the object a composite of
 *     them, or {@code null} for none
 */
public record NewUpload(
        BucketName bucket,
        ObjectKey key,
        String initiatorId,
        ContentHeaders headers,
        Map<String, String> userMetadata,
        String storageClass,
        ChecksumAlgorithm checksumAlgorithm) {

    public NewUpload {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(initiatorId, "initiatorId");
        headers = headers == null ? ContentHeaders.NONE : headers;
        userMetadata = Map.copyOf(userMetadata == null ? Map.of() : userMetadata);
    }

    /** An upload without additional checksums. */
    public NewUpload(BucketName bucket, ObjectKey key, String initiatorId, ContentHeaders headers,
            Map<String, String> userMetadata, String storageClass) {
        this(bucket, key, initiatorId, headers, userMetadata, storageClass, null);
    }
}
