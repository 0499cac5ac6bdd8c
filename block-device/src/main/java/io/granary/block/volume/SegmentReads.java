package io.granary.block.volume;

import io.granary.core.block.SegmentStore;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Reading whole extents out of segments. */
final class SegmentReads {
    private SegmentReads() {
    }

    /** Fills {@code destination} from the segment, or fails if the segment ends first. */
    static void readFully(SegmentStore store, long volumeId, long segment, long position, ByteBuffer destination)
            throws IOException {
        long at = position;
        while (destination.hasRemaining()) {
            int count = store.read(volumeId, segment, at, destination);
            if (count <= 0) {
                throw new EOFException("segment " + Long.toHexString(segment) + " of volume "
                        + Long.toHexString(volumeId) + " ends at " + at + ", inside an extent the map points at");
            }
            at += count;
        }
    }

    /** Writes zeroes over {@code destination}'s remaining bytes. */
    static void zero(ByteBuffer destination) {
        while (destination.hasRemaining()) {
            destination.put((byte) 0);
        }
    }

    /** {@code length} bytes of {@code buffer} from its position, as a buffer of their own; advances it. */
    static ByteBuffer take(ByteBuffer buffer, long length) {
        ByteBuffer slice = buffer.slice(buffer.position(), (int) length);
        buffer.position(buffer.position() + (int) length);
        return slice;
    }

    /** Whether every remaining byte of {@code buffer} is zero. */
    static boolean allZero(ByteBuffer buffer) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (buffer.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
