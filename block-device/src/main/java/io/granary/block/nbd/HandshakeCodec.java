package io.granary.block.nbd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encodes the server's messages of the handshake phase. */
final class HandshakeCodec {
    static final int OPTION_REPLY_HEADER_BYTES = 20;
    private static final int EXPORT_NAME_ZEROES = 124;

    private HandshakeCodec() {
    }

    /** NBDMAGIC, IHAVEOPT and the handshake flags the server offers. */
    static byte[] greeting() {
        return ByteBuffer.allocate(18).putLong(NbdProtocol.NBDMAGIC).putLong(NbdProtocol.IHAVEOPT)
                .putShort((short) (NbdProtocol.FLAG_FIXED_NEWSTYLE | NbdProtocol.FLAG_NO_ZEROES)).array();
    }

    static byte[] optionReply(int option, int type, byte[] data) {
        return ByteBuffer.allocate(OPTION_REPLY_HEADER_BYTES + data.length).putLong(NbdProtocol.OPTION_REPLY_MAGIC)
                .putInt(option).putInt(type).putInt(data.length).put(data).array();
    }

    /** An error reply carrying a message for a human. */
    static byte[] optionError(int option, int type, String message) {
        return optionReply(option, type, text(message));
    }

    /** The answer to NBD_OPT_EXPORT_NAME: size, transmission flags and, unless declined, 124 zeroes. */
    static byte[] exportNameReply(long size, int transmissionFlags, boolean noZeroes) {
        return ByteBuffer.allocate(10 + (noZeroes ? 0 : EXPORT_NAME_ZEROES)).putLong(size)
                .putShort((short) transmissionFlags).array();
    }

    /** NBD_REP_SERVER data: one export of a listing. */
    static byte[] server(String name) {
        byte[] bytes = text(name);
        return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
    }

    static byte[] infoExport(long size, int transmissionFlags) {
        return ByteBuffer.allocate(12).putShort((short) NbdProtocol.INFO_EXPORT).putLong(size)
                .putShort((short) transmissionFlags).array();
    }

    /** NBD_INFO_NAME or NBD_INFO_DESCRIPTION. */
    static byte[] infoText(int infoType, String value) {
        byte[] bytes = text(value);
        return ByteBuffer.allocate(2 + bytes.length).putShort((short) infoType).put(bytes).array();
    }

    static byte[] infoBlockSize(int minimum, int preferred, int maximum) {
        return ByteBuffer.allocate(14).putShort((short) NbdProtocol.INFO_BLOCK_SIZE).putInt(minimum).putInt(preferred)
                .putInt(maximum).array();
    }

    /** NBD_REP_META_CONTEXT data. */
    static byte[] metaContext(int id, String name) {
        byte[] bytes = text(name);
        return ByteBuffer.allocate(4 + bytes.length).putInt(id).put(bytes).array();
    }

    private static byte[] text(String value) {
        return ReplyEncoder.truncate(value.getBytes(StandardCharsets.UTF_8), NbdProtocol.MAXIMUM_STRING_BYTES);
    }
}
