package io.granary.core.model;

/**
 * A resolved, non-empty run of bytes inside an object: {@code [first, last]}, both inclusive as in
 * HTTP's Range header.
 */
public record ByteRange(long first, long last) {
    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad byte range " + first + "-" + last);
        }
    }

    /** The whole of an object of {@code size} bytes; {@code size} must be positive. */
    public static ByteRange whole(long size) {
        return new ByteRange(0, size - 1);
    }

    public long length() {
        return last - first + 1;
    }
}
