package io.granary.block.volume;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the volume engine. Immutable and validated; start from {@link #defaults(String)}.
 *
 * @param holder who this process is, in leases (shown to a second writer that is refused)
 * @param segmentBytes a segment is closed and a new one started once it reaches this size
 * @param checkpointBytes the map is checkpointed after this many bytes of records (bounding replay)
 * @param leaseTerm how long a writer's lease lasts unless renewed; it is renewed every third of it
 */
public record VolumeConfig(String holder, long segmentBytes, long checkpointBytes, Duration leaseTerm) {
    public VolumeConfig {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(leaseTerm, "leaseTerm");
        if (segmentBytes < SegmentRecord.HEADER_LENGTH) {
            throw new IllegalArgumentException("segments of " + segmentBytes + " bytes hold no record");
        }
        if (checkpointBytes < 1) {
            throw new IllegalArgumentException("checkpoint interval must be positive: " + checkpointBytes);
        }
        if (leaseTerm.toMillis() < 3) {
            throw new IllegalArgumentException("lease term too short: " + leaseTerm);
        }
    }

    /**
     * Segments of 256 MiB, a checkpoint every 256 MiB (so at each new segment, where the closed
     * segment is durable already and the checkpoint needs no sync of its own), leases of 30 s.
     */
    public static VolumeConfig defaults(String holder) {
        return new VolumeConfig(holder, 256L << 20, 256L << 20, Duration.ofSeconds(30));
    }

    public VolumeConfig withSegmentBytes(long bytes) {
        return new VolumeConfig(holder, bytes, checkpointBytes, leaseTerm);
    }

    public VolumeConfig withCheckpointBytes(long bytes) {
        return new VolumeConfig(holder, segmentBytes, bytes, leaseTerm);
    }

    public VolumeConfig withLeaseTerm(Duration term) {
        return new VolumeConfig(holder, segmentBytes, checkpointBytes, term);
    }
}
