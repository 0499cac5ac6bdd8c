package io.granary.core.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A user of the cloud.
 *
 * @param id the canonical user id S3 shows as the owner: 64 lower-case hex digits
 * @param name the unique name an administrator gave it
 */
public record User(String id, String name, Instant created) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
    }
}
