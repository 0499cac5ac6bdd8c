package io.granary.metadata.hbase;

import java.util.Arrays;

/**
 * A range of row keys: from {@code start} (inclusive or not) up to {@code stop}, exclusive.
 * Compared as unsigned bytes, as HBase orders rows.
 */
record ScanBounds(byte[] start, boolean startInclusive, byte[] stop) {
    /** Whether no row can lie in the range, so there is nothing to ask the cluster. */
    boolean isEmpty() {
        return Arrays.compareUnsigned(start, stop) >= 0;
    }
}
