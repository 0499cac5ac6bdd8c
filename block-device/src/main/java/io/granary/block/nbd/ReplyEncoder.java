package io.granary.block.nbd;

import io.granary.block.BlockDevice.Allocation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes the server's messages of the transmission phase: simple replies and structured chunks. */
final class ReplyEncoder {
    static final int SIMPLE_REPLY_BYTES = 16;
    static final int CHUNK_HEADER_BYTES = 20;
    /** Most descriptors one block status chunk carries, which bounds its size. */
    static final int MAXIMUM_EXTENTS = 1 << 16;

    private ReplyEncoder() {
    }

    static byte[] simpleReply(int error, long handle) {
        return ByteBuffer.allocate(SIMPLE_REPLY_BYTES)
                .putInt(NbdProtocol.SIMPLE_REPLY_MAGIC).putInt(error).putLong(handle).array();
    }

    /** The header and offset of an OFFSET_DATA chunk; {@code dataLength} bytes of data follow it. */
    static byte[] offsetDataHeader(long handle, long offset, int dataLength, boolean done) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_HEADER_BYTES + 8);
        chunkHeader(buffer, done ? NbdProtocol.REPLY_FLAG_DONE : 0, NbdProtocol.REPLY_TYPE_OFFSET_DATA, handle,
                8 + dataLength);
        return buffer.putLong(offset).array();
    }

    /** A final NONE chunk: success without payload. */
    static byte[] noneChunk(long handle) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_HEADER_BYTES);
        chunkHeader(buffer, NbdProtocol.REPLY_FLAG_DONE, NbdProtocol.REPLY_TYPE_NONE, handle, 0);
        return buffer.array();
    }

    /** A final ERROR chunk with a message for a human (cut to the protocol's string limit). */
    static byte[] errorChunk(long handle, int error, String message) {
        byte[] text = truncate(message.getBytes(StandardCharsets.UTF_8), NbdProtocol.MAXIMUM_STRING_BYTES);
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_HEADER_BYTES + 6 + text.length);
        chunkHeader(buffer, NbdProtocol.REPLY_FLAG_DONE, NbdProtocol.REPLY_TYPE_ERROR, handle, 6 + text.length);
        return buffer.putInt(error).putShort((short) text.length).put(text).array();
    }

    /**
     * A final BLOCK_STATUS chunk describing {@code extents} from the request's offset on, cut so
     * that they cover at most {@code requestLength} bytes, merged where neighbours share a status,
     * and limited to one descriptor when {@code requestOne}.
     */
    static byte[] blockStatusChunk(long handle, int contextId, List<Allocation> extents, long requestLength,
            boolean requestOne) {
        int limit = requestOne ? 1 : MAXIMUM_EXTENTS;
        long[] lengths = new long[Math.min(extents.size(), limit)];
        int[] states = new int[lengths.length];
        int count = 0;
        long remaining = requestLength;
        for (Allocation extent : extents) {
            if (remaining == 0) {
                break;
            }
            long length = Math.min(extent.length(), remaining);
            int state = (extent.hole() ? NbdProtocol.STATE_HOLE : 0) | (extent.zero() ? NbdProtocol.STATE_ZERO : 0);
            if (count > 0 && states[count - 1] == state) {
                lengths[count - 1] += length;
            } else if (count < lengths.length) {
                lengths[count] = length;
                states[count] = state;
                count++;
            } else {
                break;
            }
            remaining -= length;
        }
        if (count == 0) {
            throw new IllegalArgumentException("a block status reply needs at least one extent");
        }
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_HEADER_BYTES + 4 + 8 * count);
        chunkHeader(buffer, NbdProtocol.REPLY_FLAG_DONE, NbdProtocol.REPLY_TYPE_BLOCK_STATUS, handle, 4 + 8 * count);
        buffer.putInt(contextId);
        for (int i = 0; i < count; i++) {
            // Lengths never exceed the request's 32-bit length, so they fit the unsigned field.
            buffer.putInt((int) lengths[i]).putInt(states[i]);
        }
        return buffer.array();
    }

    private static void chunkHeader(ByteBuffer buffer, int flags, int type, long handle, int length) {
        buffer.putInt(NbdProtocol.STRUCTURED_REPLY_MAGIC).putShort((short) flags).putShort((short) type)
                .putLong(handle).putInt(length);
    }

    static byte[] truncate(byte[] text, int maximum) {
        if (text.length <= maximum) {
            return text;
        }
        int end = maximum;
        // Do not cut a UTF-8 sequence in half: back up over continuation bytes.
        while (end > 0 && (text[end] & 0xc0) == 0x80) {
            end--;
        }
        byte[] cut = new byte[end];
        System.arraycopy(text, 0, cut, 0, end);
        return cut;
    }
}
