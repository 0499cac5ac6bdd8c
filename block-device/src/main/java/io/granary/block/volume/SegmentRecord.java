package io.granary.block.volume;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The record format of volume segments. Every write, trim or zeroing appends one record:
 *
 * <pre>
 *  0  magic     4 bytes  "GVR1"
 *  4  type      1 byte   1 data, 2 hole (trim, or zeroes that may deallocate), 3 zeroes (allocated)
 *  5  reserved  3 bytes  0
 *  8  sequence  8 bytes  one above the record before it in the volume's history
 * 16  offset    8 bytes  volume offset of the first byte
 * 24  length    8 bytes  bytes of the volume the record covers
 * 32  checksum  4 bytes  CRC32C of bytes 0-31 and of the data
 * 36  data      `length` bytes, for type 1 only
 * </pre>
 *
 * All numbers are big-endian. A record that is cut short or whose checksum does not match is a torn
 * tail: replay stops there.
 */
final class SegmentRecord {
    static final int HEADER_LENGTH = 36;
    /** Longest data record replay accepts; writes are at most 32 MiB (NBD's largest payload). */
    static final int MAX_DATA_LENGTH = 64 << 20;

    private static final int MAGIC = 0x47565231;
    private static final int CHECKSUM_AT = 32;

    /** A decoded header. */
    record Header(Extent.Kind kind, long sequence, long offset, long length, int checksum) {
    }

    private SegmentRecord() {
    }

    /** The header of a data record for {@code data}'s remaining bytes; {@code data} is not consumed. */
    static ByteBuffer dataHeader(long sequence, long offset, ByteBuffer data) {
        return header(Extent.Kind.DATA, sequence, offset, data.remaining(), data);
    }

    /** The header of a hole or zeroes record (which has no data). */
    static ByteBuffer zeroesHeader(Extent.Kind kind, long sequence, long offset, long length) {
        return header(kind, sequence, offset, length, null);
    }

    private static ByteBuffer header(Extent.Kind kind, long sequence, long offset, long length, ByteBuffer data) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        header.putInt(MAGIC).put(type(kind)).put((byte) 0).putShort((short) 0)
                .putLong(sequence).putLong(offset).putLong(length);
        header.putInt(checksum(header.array(), data == null ? null : data.duplicate()));
        return header.flip();
    }

    /**
     * Decodes a header, or returns null if {@code bytes} (exactly {@link #HEADER_LENGTH}) are not one:
     * a wrong magic or type, or a length no record has.
     */
    static Header decodeHeader(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC) {
            return null;
        }
        Extent.Kind kind = switch (in.get()) {
            case 1 -> Extent.Kind.DATA;
            case 2 -> Extent.Kind.HOLE;
            case 3 -> Extent.Kind.ZERO;
            default -> null;
        };
        in.position(8);
        long sequence = in.getLong();
        long offset = in.getLong();
        long length = in.getLong();
        int checksum = in.getInt();
        if (kind == null || offset < 0 || length < 1 || length > Long.MAX_VALUE - offset
                || (kind == Extent.Kind.DATA && length > MAX_DATA_LENGTH)) {
            return null;
        }
        return new Header(kind, sequence, offset, length, checksum);
    }

    /** Whether the header bytes and the record's data match the checksum in the header. */
    static boolean verify(byte[] headerBytes, Header header, ByteBuffer data) {
        return checksum(headerBytes, data) == header.checksum();
    }

    private static int checksum(byte[] header, ByteBuffer data) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, CHECKSUM_AT);
        if (data != null) {
            crc.update(data);
        }
        return (int) crc.getValue();
    }

    private static byte type(Extent.Kind kind) {
        return switch (kind) {
            case DATA -> 1;
            case HOLE -> 2;
            case ZERO -> 3;
            case UNMAPPED -> throw new IllegalArgumentException("no record for unmapped bytes");
        };
    }
}
