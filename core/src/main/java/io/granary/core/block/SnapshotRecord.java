package io.granary.core.block;

import java.time.Instant;
import java.util.Objects;

/**
 * One snapshot of a volume: a frozen extent map (kept as a {@link Checkpoint}) over the volume's
 * segments; no data is copied.
 *
 * @param volumeId the volume's id
 * @param name the snapshot's name, unique within the volume
 * @param size the volume's size when the snapshot was taken
 * @param sequence the sequence number of the last write the snapshot holds
 * @param created when it was taken
 */
public record SnapshotRecord(long volumeId, String name, long size, long sequence, Instant created) {
    public SnapshotRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }
}
