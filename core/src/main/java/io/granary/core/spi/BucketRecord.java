package io.granary.core.spi;

import io.granary.core.model.BucketInfo;
import java.util.Objects;

/**
 * A bucket as the catalog keeps it: its public description and an internal id, chosen at random
 * at creation and never reused, that prefixes its object rows (so a bucket deleted and created
 * again never sees the old one's rows).
 */
public record BucketRecord(BucketInfo info, long id) {
    public BucketRecord {
        Objects.requireNonNull(info, "info");
    }
}
