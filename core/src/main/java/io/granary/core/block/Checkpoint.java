package io.granary.core.block;

import java.util.Arrays;
import java.util.Objects;

/**
 * A persisted extent map of a volume or snapshot. The catalog keeps the map as opaque bytes (the
 * volume engine's encoding) and hands them back unchanged; it may be megabytes long.
 *
 * @param sequence the sequence number of the last write the map holds
 * @param replaySegment replay starts at this segment (and goes on through every later one)
 * @param replayPosition where in {@code replaySegment} replay starts
 * @param extents the encoded map
 */
public record Checkpoint(long sequence, long replaySegment, long replayPosition, byte[] extents) {
    public Checkpoint {
        Objects.requireNonNull(extents, "extents");
        if (replayPosition < 0) {
            throw new IllegalArgumentException("negative replay position " + replayPosition);
        }
        extents = extents.clone();
    }

    @Override
    public byte[] extents() {
        return extents.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint other && other.sequence == sequence && other.replaySegment == replaySegment
                && other.replayPosition == replayPosition && Arrays.equals(other.extents, extents);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, replaySegment, replayPosition) * 31 + Arrays.hashCode(extents);
    }

    @Override
    public String toString() {
        return "Checkpoint[sequence " + sequence + ", replay from " + Long.toHexString(replaySegment) + "@"
                + replayPosition + ", " + extents.length + " bytes of extents]";
    }
}
