package io.granary.s3.http;

import java.util.Objects;

/**
 * Who sent an authenticated request.
 *
 * @param userId the canonical id shown as the owner of what the caller creates
 * @param displayName the user's name, shown as the owner's DisplayName
 * @param accessKeyId the key that signed the request
 */
public record Caller(String userId, String displayName, String accessKeyId) {
    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
    }
}
