package io.granary.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A bucket as the front ends see it.
 *
 * @param ownerId the canonical id of the user who created it
 * @param region the location constraint given at creation ({@code us-east-1} when none was)
 */
public record BucketInfo(BucketName name, String ownerId, Instant creationDate, String region) {
    public BucketInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(region, "region");
    }
}
