package io.granary.block.volume;

/**
 * A run of volume bytes and where they are: in a segment ({@link Kind#DATA}), nowhere because they
 * were trimmed or zeroed ({@link Kind#HOLE}, {@link Kind#ZERO}), or, only in answers of
 * {@link ExtentMap#resolve}, not in this map at all ({@link Kind#UNMAPPED}: a clone reads those from
 * its parent, any other volume reads zeroes).
 *
 * @param start the volume offset of the first byte
 * @param length bytes in the run, at least 1
 * @param kind what the bytes are
 * @param segment for data, the segment holding them
 * @param position for data, where in the segment the first byte is
 * @param sequence the sequence number of the newest record that wrote part of the run
 */
record Extent(long start, long length, Kind kind, long segment, long position, long sequence) {
    /** What the bytes of an extent are. */
    enum Kind {
        /** Bytes in a segment. */
        DATA,
        /** Trimmed or zeroed with deallocation allowed: zeroes taking no space. */
        HOLE,
        /** Zeroed without deallocation (NBD's NO_HOLE): zeroes reported as allocated. */
        ZERO,
        /** Not in the map. */
        UNMAPPED
    }

    Extent {
        if (length < 1) {
            throw new IllegalArgumentException("an extent has at least one byte: " + length);
        }
        if (start < 0) {
            throw new IllegalArgumentException("negative start " + start);
        }
    }

    static Extent data(long start, long length, long segment, long position, long sequence) {
        return new Extent(start, length, Kind.DATA, segment, position, sequence);
    }

    static Extent zeroes(long start, long length, Kind kind, long sequence) {
        return new Extent(start, length, kind, 0, 0, sequence);
    }

    static Extent unmapped(long start, long length) {
        return new Extent(start, length, Kind.UNMAPPED, 0, 0, 0);
    }

    long end() {
        return start + length;
    }

    /** The part of this extent in {@code [from, to)}, which must overlap it. */
    Extent slice(long from, long to) {
        long newStart = Math.max(from, start);
        long newEnd = Math.min(to, end());
        long shift = newStart - start;
        return new Extent(newStart, newEnd - newStart, kind, segment, kind == Kind.DATA ? position + shift : 0,
                sequence);
    }

    /** Whether {@code next}, which starts where this one ends, continues it (so the two can be one). */
    boolean continuesInto(Extent next) {
        if (next.start != end() || next.kind != kind) {
            return false;
        }
        return kind != Kind.DATA || (next.segment == segment && next.position == position + length);
    }

    /** This extent and {@code next}, which {@link #continuesInto continues} it, as one. */
    Extent join(Extent next) {
        return new Extent(start, length + next.length, kind, segment, position, Math.max(sequence, next.sequence));
    }
}
