package io.granary.core.auth;

import java.time.Instant;
import java.util.Objects;

/** A credential pair that signs requests on behalf of the user {@code userId}. */
public record AccessKey(String accessKeyId, String secretKey, String userId, Instant created) {
    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(created, "created");
    }

    @Override
    public String toString() {
        // Secrets never reach logs.
        return "AccessKey[" + accessKeyId + " of " + userId + "]";
    }
}
