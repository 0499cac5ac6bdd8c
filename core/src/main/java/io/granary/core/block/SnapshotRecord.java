package io.granary.core.block;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One snapshot of a volume: a frozen extent map (kept as a {@link Checkpoint}) over the volume's
 * segments; no data is copied.
 *
 * @param volumeId the volume's id
 * @param name the snapshot's name, unique within the volume
 * @param size the volume's size when the snapshot was taken
 * @param sequence the sequence number of the last write the snapshot holds
 * @param created when it was taken
 * @param parent the snapshot the volume was layered over when this one was taken (a clone's
 *     snapshot keeps reading through to it even after the clone is flattened)
 */
public record SnapshotRecord(long volumeId, String name, long size, long sequence, Instant created,
        Optional<ParentSnapshot> parent) {
    public SnapshotRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }
}
