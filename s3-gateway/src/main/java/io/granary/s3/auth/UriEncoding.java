package io.granary.s3.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SigV4's URI encoding: the RFC 3986 unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) stay as
 * they are, every other byte becomes {@code %XX} with upper-case hex; and the matching decoding of
 * what a client sent. Public for clients of our own that sign requests. Pure functions.
 */
public final class UriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {
    }

    /** Encodes bytes; {@code keepSlash} leaves {@code /} alone, as in a canonical URI. */
    static String encode(byte[] bytes, boolean keepSlash) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** Encodes the UTF-8 bytes of {@code text}; {@code keepSlash} leaves {@code /} alone. */
    public static String encode(String text, boolean keepSlash) {
        return encode(text.getBytes(StandardCharsets.UTF_8), keepSlash);
    }

    /**
     * The bytes a raw path or query component stands for. {@code %XX} becomes its byte; any other
     * character stands for its UTF-8 bytes (clients that send raw UTF-8 reach us as characters). A
     * {@code %} not followed by two hex digits stands for itself, so a stray one round-trips as
     * {@code %25}. {@code plusIsSpace} applies form encoding, for query strings only: in a path,
     * {@code +} is a plus.
     */
    static byte[] decode(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                bytes.write(Character.digit(raw.charAt(i + 1), 16) << 4 | Character.digit(raw.charAt(i + 2), 16));
                i += 3;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
                i++;
            } else if (c < 0x80) {
                bytes.write(c);
                i++;
            } else {
                int codePoint = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }
}
