package io.granary.block.volume;

/**
 * A point in a volume's log: a segment and a length within it. Segment numbers grow as the log
 * does, so positions order by segment, then length.
 */
record LogPosition(long segment, long length) {
    /** Before every record. */
    static final LogPosition START = new LogPosition(Long.MIN_VALUE, 0);

    /** Whether everything up to {@code other} lies at or before this position. */
    boolean covers(LogPosition other) {
        return segment > other.segment || (segment == other.segment && length >= other.length);
    }
}
