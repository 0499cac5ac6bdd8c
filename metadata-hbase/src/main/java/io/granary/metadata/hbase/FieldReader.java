package io.granary.metadata.hbase;

import java.time.DateTimeException;
import io.granary.core.model.ContentHeaders;
import java.util.HashMap;
import java.util.Map;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads the fields {@link FieldWriter} wrote, in the same order. Every inconsistency (a value that
 * ends early, a length past its end, bytes left over) is a {@link MalformedRowException}.
 */
final class FieldReader {
    private final byte[] bytes;
    private int position;

    FieldReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int readByte() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    long readLong() {
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (bytes[position++] & 0xFF);
        }
        return value;
    }

    long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int next = readByte();
            if (shift == 63 && (next & 0x7E) != 0) {
                throw new MalformedRowException("varint out of range");
            }
            value |= (long) (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                if (value < 0) {
                    throw new MalformedRowException("varint out of range");
                }
                return value;
            }
        }
        throw new MalformedRowException("varint longer than 10 bytes");
    }

    byte[] readBytes() {
        int length = readLength();
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    String readText() {
        int length = readLength();
        String text = Utf8Bytes.decode(bytes, position, length);
        position += length;
        return text;
    }

    String readOptionalText() {
        int presence = readByte();
        return switch (presence) {
            case 0 -> null;
            case 1 -> readText();
            default -> throw new MalformedRowException("bad presence byte " + presence);
        };
    }

    Instant readInstant() {
        long seconds = readLong();
        long nanos = readVarLong();
        if (nanos > 999_999_999) {
            throw new MalformedRowException("nanoseconds out of range: " + nanos);
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw new MalformedRowException("instant out of range", e);
        }
    }

    /** Checks that the value was read to its last byte. */
    void finish() {
        if (position != bytes.length) {
            throw new MalformedRowException((bytes.length - position) + " unexpected trailing bytes");
        }
    }

    private int readLength() {
        long length = readVarLong();
        if (length > bytes.length - position) {
            throw new MalformedRowException("length " + length + " runs past the end of the value");
        }
        return (int) length;
    }

    private void require(int count) {
        if (bytes.length - position < count) {
            throw new MalformedRowException("value ends early");
        }
    }

    /** What {@link FieldWriter#writeContentHeaders} wrote. */
    ContentHeaders readContentHeaders() {
        return new ContentHeaders(readOptionalText(), readOptionalText(), readOptionalText(), readOptionalText(),
                readOptionalText(), readOptionalText());
    }

    /** What {@link FieldWriter#writeTextMap} wrote; a repeated name is a malformed row. */
    Map<String, String> readTextMap() {
        long pairs = readVarLong();
        Map<String, String> map = new HashMap<>();
        for (long i = 0; i < pairs; i++) {
            if (map.put(readText(), readText()) != null) {
                throw new MalformedRowException("duplicate user metadata name");
            }
        }
        return map;
    }
}
