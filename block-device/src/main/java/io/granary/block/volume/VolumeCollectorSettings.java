package io.granary.block.volume;

import java.time.Duration;
import java.util.Objects;

/**
 * When the background {@link VolumeCollector} collects a volume. Immutable and validated; start
 * from {@link #defaults(VolumeConfig)}.
 *
 * @param interval time between the end of one round and the start of the next
 * @param deadFraction a volume is collected once its dead bytes are at least this fraction of its
 *     stored bytes ...
 * @param minDeadBytes ... and at least this many bytes
 * @param maxLiveFraction a segment is rewritten if its live bytes are at most this fraction of its
 *     length (as in {@link VolumeManager#collect})
 */
public record VolumeCollectorSettings(Duration interval, double deadFraction, long minDeadBytes,
        double maxLiveFraction) {
    public VolumeCollectorSettings {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the collector's interval must be positive: " + interval);
        }
        if (!(deadFraction >= 0 && deadFraction <= 1)) {
            throw new IllegalArgumentException("the dead fraction must be in [0, 1]: " + deadFraction);
        }
        if (minDeadBytes < 0) {
            throw new IllegalArgumentException("negative minimum of dead bytes: " + minDeadBytes);
        }
        if (!(maxLiveFraction >= 0 && maxLiveFraction < 1)) {
            throw new IllegalArgumentException("the live fraction must be in [0, 1): " + maxLiveFraction);
        }
    }

    /**
     * A round a minute; a volume is collected once a quarter of what it stores, and at least one
     * segment's worth, is dead; segments at most half live are rewritten.
     */
    public static VolumeCollectorSettings defaults(VolumeConfig volumes) {
        return new VolumeCollectorSettings(Duration.ofSeconds(60), 0.25, volumes.segmentBytes(), 0.5);
    }

    public VolumeCollectorSettings withInterval(Duration every) {
        return new VolumeCollectorSettings(every, deadFraction, minDeadBytes, maxLiveFraction);
    }

    public VolumeCollectorSettings withDeadFraction(double fraction) {
        return new VolumeCollectorSettings(interval, fraction, minDeadBytes, maxLiveFraction);
    }

    public VolumeCollectorSettings withMinDeadBytes(long bytes) {
        return new VolumeCollectorSettings(interval, deadFraction, bytes, maxLiveFraction);
    }

    /** Whether a volume taking this space is worth a collection. */
    boolean worthCollecting(VolumeInfo info) {
        long dead = info.deadBytes();
        return dead > 0 && dead >= minDeadBytes && dead >= deadFraction * info.storedBytes();
    }
}
