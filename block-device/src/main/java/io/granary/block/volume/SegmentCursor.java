package io.granary.block.volume;

import io.granary.core.block.SegmentStore;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads a segment front to back through a window of {@value #WINDOW} bytes, so replaying many small
 * records costs one store read per window rather than one or two per record.
 */
final class SegmentCursor {
    private static final int WINDOW = 1 << 20;

    private final SegmentStore store;
    private final long volumeId;
    private final long segment;
    private final long length;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
    /** The segment position of the window's first byte. */
    private long windowStart;

    SegmentCursor(SegmentStore store, long volumeId, long segment, long length) {
        this.store = store;
        this.volumeId = volumeId;
        this.segment = segment;
        this.length = length;
        window.limit(0);
    }

    /**
     * Fills {@code destination} with the bytes at {@code position}; positions only move forward
     * between calls.
     *
     * @return false if the segment ends first
     */
    boolean read(long position, ByteBuffer destination) throws IOException {
        if (position + destination.remaining() > length) {
            return false;
        }
        if (destination.remaining() > WINDOW) {
            SegmentReads.readFully(store, volumeId, segment, position, destination);
            return true;
        }
        if (position < windowStart || position + destination.remaining() > windowStart + window.limit()) {
            window.clear();
            window.limit((int) Math.min(WINDOW, length - position));
            SegmentReads.readFully(store, volumeId, segment, position, window);
            window.flip();
            windowStart = position;
        }
        int from = (int) (position - windowStart);
        destination.put(window.slice(from, destination.remaining()));
        return true;
    }
}
