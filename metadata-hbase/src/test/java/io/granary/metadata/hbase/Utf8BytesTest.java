package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.model.Utf8Order;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8BytesTest {
    /** Strings at every boundary of the encoding, including lone surrogates. */
    static final List<String> TRICKY = List.of(
            "", "a", "\u0001", "\u007F", "\u0080", "\u07FF", "\u0800", "\uD7FF", "\uE000", "\uFFFD", "\uFFFF",
            "\uD800\uDC00", "\uD83D\uDE00", "\uDBFF\uDFFF", "\uD800", "\uDBFF", "\uDC00", "\uDFFF",
            "a\uD800b", "\uDC00\uD800", "\uD800\uD800\uDC00", "日本/語", "é", "z\uFFFD", "z\uD83D\uDE00");

    @Test
    void wellFormedTextEncodesAsTheJdkDoes() {
        for (String text : TRICKY) {
            if (isWellFormed(text)) {
                assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Utf8Bytes.encode(text), text);
            }
        }
    }

    @Test
    void everyStringRoundTrips() {
        for (String text : TRICKY) {
            byte[] bytes = Utf8Bytes.encode(text);
            assertEquals(text, Utf8Bytes.decode(bytes, 0, bytes.length));
        }
    }

    @Test
    void byteOrderIsCodePointOrder() {
        for (String one : TRICKY) {
            for (String other : TRICKY) {
                assertEquals(Integer.signum(Utf8Order.compare(one, other)),
                        Integer.signum(Arrays.compareUnsigned(Utf8Bytes.encode(one), Utf8Bytes.encode(other))),
                        one + " vs " + other);
            }
        }
    }

    @Test
    void noEncodingHoldsTheByteFF() {
        for (String text : TRICKY) {
            for (byte b : Utf8Bytes.encode(text)) {
                assertEquals(false, b == (byte) 0xFF, text);
            }
        }
    }

    @Test
    void malformedBytesAreRejected() {
        List<byte[]> malformed = List.of(
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xC3, (byte) 0x41},
                // U+D800 then U+DC00 in halves: a pair has only the four-byte form.
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xED, (byte) 0xB0, (byte) 0x80});
        for (byte[] bytes : malformed) {
            assertThrows(MalformedRowException.class, () -> Utf8Bytes.decode(bytes, 0, bytes.length),
                    Arrays.toString(bytes));
        }
    }

    static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
