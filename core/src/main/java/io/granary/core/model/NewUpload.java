package io.granary.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * A request to start a multipart upload: where the object will go and the metadata it will get.
 *
 * @param initiatorId the canonical id of the user who starts it
 */
public record NewUpload(
        BucketName bucket,
        ObjectKey key,
        String initiatorId,
        ContentHeaders headers,
        Map<String, String> userMetadata,
        String storageClass) {

    public NewUpload {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(initiatorId, "initiatorId");
        headers = headers == null ? ContentHeaders.NONE : headers;
        userMetadata = Map.copyOf(userMetadata == null ? Map.of() : userMetadata);
    }
}
