package io.granary.core.block;

import java.util.Objects;

/**
 * The snapshot a clone is layered over: ranges the clone never wrote read through to it.
 *
 * @param volume the parent volume's name
 * @param volumeId the parent volume's id
 * @param snapshot the snapshot's name
 */
public record ParentSnapshot(String volume, long volumeId, String snapshot) {
    public ParentSnapshot {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(snapshot, "snapshot");
    }
}
