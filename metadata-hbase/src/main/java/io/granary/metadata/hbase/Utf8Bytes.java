package io.granary.metadata.hbase;

import java.io.ByteArrayOutputStream;

/**
 * UTF-8 for every Java string. Well-formed text encodes exactly as {@link
 * java.nio.charset.StandardCharsets#UTF_8} does; a lone surrogate, which the JDK would replace with
 * {@code ?}, is kept as the three-byte form of its code point (as WTF-8 does). So every string
 * round-trips exactly, and the unsigned byte order of encodings is the code point order of
 * {@link io.granary.core.model.Utf8Order} for every pair of strings. No encoding contains the byte
 * 0xFF, which the row layout relies on.
 */
final class Utf8Bytes {
    private Utf8Bytes() {
    }

    static byte[] encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        encode(text, out);
        return out.toByteArray();
    }

    static void encode(String text, ByteArrayOutputStream out) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80) {
                out.write(codePoint);
            } else if (codePoint < 0x800) {
                out.write(0xC0 | codePoint >>> 6);
                out.write(0x80 | codePoint & 0x3F);
            } else if (codePoint < 0x10000) {
                out.write(0xE0 | codePoint >>> 12);
                out.write(0x80 | codePoint >>> 6 & 0x3F);
                out.write(0x80 | codePoint & 0x3F);
            } else {
                out.write(0xF0 | codePoint >>> 18);
                out.write(0x80 | codePoint >>> 12 & 0x3F);
                out.write(0x80 | codePoint >>> 6 & 0x3F);
                out.write(0x80 | codePoint & 0x3F);
            }
        }
    }

    /**
     * Decodes what {@link #encode} produced.
     *
     * @throws MalformedRowException if the bytes are not such an encoding (overlong forms, bad
     *     continuation bytes, code points above U+10FFFF, truncation)
     */
    static String decode(byte[] bytes, int offset, int length) {
        StringBuilder text = new StringBuilder(length);
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int lead = bytes[i] & 0xFF;
            int extra;
            int codePoint;
            int minimum;
            if (lead < 0x80) {
                text.append((char) lead);
                i++;
                continue;
            } else if (lead >= 0xC2 && lead <= 0xDF) {
                extra = 1;
                codePoint = lead & 0x1F;
                minimum = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                extra = 2;
                codePoint = lead & 0x0F;
                minimum = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                extra = 3;
                codePoint = lead & 0x07;
                minimum = 0x10000;
            } else {
                throw new MalformedRowException("bad UTF-8 lead byte 0x" + Integer.toHexString(lead));
            }
            if (i + extra >= end) {
                throw new MalformedRowException("truncated UTF-8 sequence");
            }
            for (int k = 1; k <= extra; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    throw new MalformedRowException("bad UTF-8 continuation byte 0x" + Integer.toHexString(next));
                }
                codePoint = codePoint << 6 | next & 0x3F;
            }
            if (codePoint < minimum || codePoint > Character.MAX_CODE_POINT) {
                throw new MalformedRowException("overlong or out-of-range UTF-8 sequence");
            }
            // A surrogate pair is always encoded as one four-byte sequence, never as two halves.
            if (codePoint < 0x10000 && Character.isLowSurrogate((char) codePoint)
                    && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                throw new MalformedRowException("surrogate pair encoded in halves");
            }
            text.appendCodePoint(codePoint);
            i += extra + 1;
        }
        return text.toString();
    }
}
