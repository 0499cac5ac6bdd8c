package io.granary.core.block;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One volume as the catalog keeps it.
 *
 * @param name the volume's name, unique among live volumes
 * @param id a random id, never reused: segments, checkpoints, snapshots and the lease are keyed by
 *     it, so a volume deleted and created again under the same name never sees the old data
 * @param size the volume's size in bytes
 * @param parent for a clone not yet flattened, the snapshot it is layered over
 * @param state where the volume is in its life
 * @param created when it was created
 */
public record VolumeRecord(String name, long id, long size, Optional<ParentSnapshot> parent, VolumeState state,
        Instant created) {
    public VolumeRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }

    public VolumeRecord withSize(long newSize) {
        return new VolumeRecord(name, id, newSize, parent, state, created);
    }

    public VolumeRecord withState(VolumeState newState) {
        return new VolumeRecord(name, id, size, parent, newState, created);
    }

    public VolumeRecord withoutParent() {
        return new VolumeRecord(name, id, size, Optional.empty(), state, created);
    }
}
