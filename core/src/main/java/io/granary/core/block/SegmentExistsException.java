package io.granary.core.block;

import java.io.IOException;

/** A segment that was to be created exists already. */
public final class SegmentExistsException extends IOException {
    private static final long serialVersionUID = 1L;

    public SegmentExistsException(long volume, long segment) {
        super("segment " + Long.toUnsignedString(segment, 16) + " of volume " + Long.toUnsignedString(volume, 16)
                + " exists already");
    }
}
