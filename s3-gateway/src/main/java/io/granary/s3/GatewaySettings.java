package io.granary.s3;

import java.util.Objects;

/**
 * Settings the S3 handlers need.
 *
 * @param region the region of buckets created without a location constraint
 */
public record GatewaySettings(String region) {
    public GatewaySettings {
        Objects.requireNonNull(region, "region");
    }
}
