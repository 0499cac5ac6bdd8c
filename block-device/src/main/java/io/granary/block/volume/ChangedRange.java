package io.granary.block.volume;

/**
 * A run of volume bytes that may differ between two snapshots.
 *
 * @param offset the first byte
 * @param length bytes in the run, at least 1
 */
public record ChangedRange(long offset, long length) {
    public ChangedRange {
        if (offset < 0 || length < 1) {
            throw new IllegalArgumentException("not a range: " + offset + "+" + length);
        }
    }
}
