package io.granary.block.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A hand-driven NBD client over a raw socket, for testing the wire protocol byte by byte. */
final class RawNbdClient implements Closeable {
    record OptionReply(int option, int type, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    record Chunk(int flags, int type, long handle, byte[] payload) {
        ByteBuffer buffer() {
            return ByteBuffer.wrap(payload);
        }
    }

    record Export(long size, int flags) {
    }

    private final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;
    final int handshakeFlags;

    /** Connects and reads the greeting, leaving the client flags to be sent. */
    RawNbdClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = new DataOutputStream(socket.getOutputStream());
        assertEquals(NbdProtocol.NBDMAGIC, in.readLong());
        assertEquals(NbdProtocol.IHAVEOPT, in.readLong());
        handshakeFlags = in.readUnsignedShort();
    }

    /** Connects and sends the usual client flags (fixed newstyle, no zeroes). */
    static RawNbdClient connect(int port) throws IOException {
        RawNbdClient client = new RawNbdClient(port);
        client.out.writeInt(NbdProtocol.FLAG_C_FIXED_NEWSTYLE | NbdProtocol.FLAG_C_NO_ZEROES);
        return client;
    }

    void sendOption(int option, byte[] data) throws IOException {
        out.writeLong(NbdProtocol.IHAVEOPT);
        out.writeInt(option);
        out.writeInt(data.length);
        out.write(data);
        out.flush();
    }

    OptionReply readOptionReply() throws IOException {
        assertEquals(NbdProtocol.OPTION_REPLY_MAGIC, in.readLong());
        int option = in.readInt();
        int type = in.readInt();
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        return new OptionReply(option, type, data);
    }

    static byte[] goData(String name, int... infoRequests) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(4 + bytes.length + 2 + 2 * infoRequests.length);
        buffer.putInt(bytes.length).put(bytes).putShort((short) infoRequests.length);
        for (int request : infoRequests) {
            buffer.putShort((short) request);
        }
        return buffer.array();
    }

    static byte[] metaContextData(String export, String... queries) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(name.length).put(name).putInt(queries.length);
        for (String query : queries) {
            byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
            buffer.putInt(bytes.length).put(bytes);
        }
        byte[] data = new byte[buffer.position()];
        buffer.flip().get(data);
        return data;
    }

    /**
     * Negotiates structured replies (if asked) and base:allocation (if asked), then GO; returns
     * the export's size and flags.
     */
    Export go(String name, boolean structured, boolean allocation) throws IOException {
        if (structured) {
            sendOption(NbdProtocol.OPT_STRUCTURED_REPLY, new byte[0]);
            assertEquals(NbdProtocol.REP_ACK, readOptionReply().type());
        }
        if (allocation) {
            sendOption(NbdProtocol.OPT_SET_META_CONTEXT, metaContextData(name, NbdProtocol.BASE_ALLOCATION));
            OptionReply context = readOptionReply();
            assertEquals(NbdProtocol.REP_META_CONTEXT, context.type());
            assertEquals(NbdProtocol.REP_ACK, readOptionReply().type());
        }
        sendOption(NbdProtocol.OPT_GO, goData(name, NbdProtocol.INFO_BLOCK_SIZE));
        Export export = null;
        while (true) {
            OptionReply reply = readOptionReply();
            if (reply.type() == NbdProtocol.REP_ACK) {
                return export;
            }
            assertEquals(NbdProtocol.REP_INFO, reply.type(), () -> "GO failed: " + reply.text());
            ByteBuffer info = ByteBuffer.wrap(reply.data());
            if (info.getShort() == NbdProtocol.INFO_EXPORT) {
                export = new Export(info.getLong(), info.getShort() & 0xffff);
            }
        }
    }

    void request(int flags, int type, long handle, long offset, long length, byte[] payload) throws IOException {
        out.writeInt(NbdProtocol.REQUEST_MAGIC);
        out.writeShort(flags);
        out.writeShort(type);
        out.writeLong(handle);
        out.writeLong(offset);
        out.writeInt((int) length);
        if (payload != null) {
            out.write(payload);
        }
        out.flush();
    }

    /** Reads a simple reply; returns its error. */
    int readSimpleReply(long expectedHandle) throws IOException {
        assertEquals(NbdProtocol.SIMPLE_REPLY_MAGIC, in.readInt());
        int error = in.readInt();
        assertEquals(expectedHandle, in.readLong());
        return error;
    }

    Chunk readChunk() throws IOException {
        assertEquals(NbdProtocol.STRUCTURED_REPLY_MAGIC, in.readInt());
        int flags = in.readUnsignedShort();
        int type = in.readUnsignedShort();
        long handle = in.readLong();
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return new Chunk(flags, type, handle, payload);
    }

    /** Whether the server closed the connection: the next read meets end of stream. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
