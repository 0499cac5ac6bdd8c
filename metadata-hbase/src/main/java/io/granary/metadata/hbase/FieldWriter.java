package io.granary.metadata.hbase;

import java.io.ByteArrayOutputStream;
import io.granary.core.model.ContentHeaders;
import java.util.Map;
import java.util.TreeMap;
import java.time.Instant;

/**
 * Writes the fields of one cell value: fixed-width big-endian numbers, unsigned varints for
 * lengths and sizes, and length-prefixed text and bytes. {@link FieldReader} reads them back in the
 * same order. Not thread-safe; one writer builds one value.
 */
final class FieldWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    FieldWriter writeByte(int value) {
        out.write(value);
        return this;
    }

    FieldWriter writeLong(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    /** A non-negative number in 1 to 10 bytes, 7 bits each, least significant first. */
    FieldWriter writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint " + value);
        }
        while (value >= 0x80) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    FieldWriter writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    FieldWriter writeText(String text) {
        return writeBytes(Utf8Bytes.encode(text));
    }

    /** A presence byte (0 absent, 1 present), then the text if present. */
    FieldWriter writeOptionalText(String text) {
        if (text == null) {
            return writeByte(0);
        }
        return writeByte(1).writeText(text);
    }

    /** Seconds since the epoch (signed, 8 bytes) and nanoseconds within the second. */
    FieldWriter writeInstant(Instant instant) {
        return writeLong(instant.getEpochSecond()).writeVarLong(instant.getNano());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** The six optional content headers, in their fixed order. */
    FieldWriter writeContentHeaders(ContentHeaders headers) {
        return writeOptionalText(headers.contentType())
                .writeOptionalText(headers.contentEncoding())
                .writeOptionalText(headers.contentDisposition())
                .writeOptionalText(headers.contentLanguage())
                .writeOptionalText(headers.cacheControl())
                .writeOptionalText(headers.expires());
    }

    /** A count, then the pairs sorted by name, so equal maps always encode to equal bytes. */
    FieldWriter writeTextMap(Map<String, String> map) {
        Map<String, String> sorted = new TreeMap<>(map);
        writeVarLong(sorted.size());
        sorted.forEach((name, value) -> writeText(name).writeText(value));
        return this;
    }
}
