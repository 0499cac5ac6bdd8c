package io.granary.block.volume;

import io.granary.core.block.VolumeRecord;
import java.util.Objects;

/**
 * A volume and the space it takes.
 *
 * @param volume the volume's record
 * @param snapshots how many snapshots it has
 * @param liveBytes bytes its current map holds in segments
 * @param storedBytes bytes its segments take (records, headers, overwritten data and all)
 * @param deadBytes bytes of its segments that neither the current map nor any snapshot points at:
 *     what a collector could reclaim
 * @param collection what the segment collector has done to it in this process
 */
public record VolumeInfo(VolumeRecord volume, int snapshots, long liveBytes, long storedBytes, long deadBytes,
        CollectionStats collection) {
    public VolumeInfo {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(collection, "collection");
    }

    /** A volume the collector has not run on here. */
    public VolumeInfo(VolumeRecord volume, int snapshots, long liveBytes, long storedBytes, long deadBytes) {
        this(volume, snapshots, liveBytes, storedBytes, deadBytes, CollectionStats.NONE);
    }
}
