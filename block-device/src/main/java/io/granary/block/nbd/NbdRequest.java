package io.granary.block.nbd;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * One request header of the transmission phase (a WRITE's payload follows it on the wire).
 *
 * @param flags command flags ({@code NbdProtocol.CMD_FLAG_*})
 * @param type the command ({@code NbdProtocol.CMD_*})
 * @param handle the client's tag, echoed in the reply
 * @param offset unsigned 64-bit offset; a negative value stands for one beyond 2^63
 * @param length unsigned 32-bit length
 */
record NbdRequest(int flags, int type, long handle, long offset, long length) {

    /** Reads one header; {@link NbdProtocolException} on a wrong magic number. */
    static NbdRequest read(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != NbdProtocol.REQUEST_MAGIC) {
            throw new NbdProtocolException(String.format("bad request magic 0x%08x", magic));
        }
        int flags = in.readUnsignedShort();
        int type = in.readUnsignedShort();
        long handle = in.readLong();
        long offset = in.readLong();
        long length = Integer.toUnsignedLong(in.readInt());
        return new NbdRequest(flags, type, handle, offset, length);
    }

    /** Whether {@code [offset, offset + length)} lies within a device of {@code size} bytes. */
    boolean withinSize(long size) {
        return offset >= 0 && offset <= size && length <= size - offset;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
