package io.granary.core.block;

/** Where a volume is in its life. */
public enum VolumeState {
    /** In use: it can be opened, snapshotted, cloned, resized. */
    AVAILABLE,
    /** Being deleted: it cannot be opened any more; its data is going away. */
    DELETING
}
