package io.granary.hdfs;

import io.granary.core.spi.CorruptBlobException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * What a {@link io.granary.core.spi.BlobRef} handle of this store says, and its binary form: a
 * format version byte ({@value #FORMAT_VERSION}), a kind byte, then the kind's fields, big-endian.
 *
 * <pre>
 * empty    : 01 00                                             (2 bytes, no file at all)
 * packed   : 01 01 created(8) random(8) offset(8) crc32c(4)    (30 bytes)
 * own file : 01 02 created(8) random(8) chunkSize(4)           (22 bytes)
 * </pre>
 *
 * The blob's length is not repeated: it travels in the {@code BlobRef} beside the handle.
 */
sealed interface BlobHandle {
    byte FORMAT_VERSION = 1;

    byte[] encode();

    /** A blob of no bytes; nothing is stored for it. */
    record Empty() implements BlobHandle {
        static final byte KIND = 0;

        @Override
        public byte[] encode() {
            return new byte[] {FORMAT_VERSION, KIND};
        }
    }

    /** A small blob at {@code offset} of a pack file, with the CRC32C of its bytes. */
    record Packed(FileId pack, long offset, int checksum) implements BlobHandle {
        static final byte KIND = 1;

        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(30).put(FORMAT_VERSION).put(KIND)
                    .putLong(pack.createdMillis()).putLong(pack.random())
                    .putLong(offset).putInt(checksum).array();
        }
    }

    /** A large blob in a file of its own, checksummed per chunk of {@code chunkSize} bytes. */
    record OwnFile(FileId file, int chunkSize) implements BlobHandle {
        static final byte KIND = 2;

        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(22).put(FORMAT_VERSION).put(KIND)
                    .putLong(file.createdMillis()).putLong(file.random())
                    .putInt(chunkSize).array();
        }
    }

    /**
     * Reads a handle written by {@link #encode()}.
     *
     * @throws CorruptBlobException if the bytes are not a handle of this store
     */
    static BlobHandle decode(byte[] bytes) throws CorruptBlobException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            byte version = buffer.get();
            if (version != FORMAT_VERSION) {
                throw unreadable(bytes, "unknown format version " + version);
            }
            byte kind = buffer.get();
            BlobHandle handle = switch (kind) {
                case Empty.KIND -> new Empty();
                case Packed.KIND -> readPacked(buffer, bytes);
                case OwnFile.KIND -> readOwnFile(buffer, bytes);
                default -> throw unreadable(bytes, "unknown kind " + kind);
            };
            if (buffer.hasRemaining()) {
                throw unreadable(bytes, buffer.remaining() + " bytes too many");
            }
            return handle;
        } catch (BufferUnderflowException e) {
            throw unreadable(bytes, "too short");
        }
    }

    private static Packed readPacked(ByteBuffer buffer, byte[] bytes) throws CorruptBlobException {
        FileId pack = new FileId(buffer.getLong(), buffer.getLong());
        long offset = buffer.getLong();
        if (offset < PackFormat.HEADER_LENGTH) {
            throw unreadable(bytes, "extent offset " + offset + " inside the pack header");
        }
        return new Packed(pack, offset, buffer.getInt());
    }

    private static OwnFile readOwnFile(ByteBuffer buffer, byte[] bytes) throws CorruptBlobException {
        FileId file = new FileId(buffer.getLong(), buffer.getLong());
        int chunkSize = buffer.getInt();
        if (chunkSize <= 0) {
            throw unreadable(bytes, "chunk size " + chunkSize);
        }
        return new OwnFile(file, chunkSize);
    }

    private static CorruptBlobException unreadable(byte[] bytes, String reason) {
        return new CorruptBlobException("unreadable blob handle " + HexFormat.of().formatHex(bytes) + ": " + reason);
    }
}
