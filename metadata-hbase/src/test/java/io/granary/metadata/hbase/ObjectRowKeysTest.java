package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.model.ObjectKey;
import io.granary.core.model.Utf8Order;
import io.granary.core.spi.ScanStart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObjectRowKeysTest {
    private static final long BUCKET = 0x0102030405060708L;
    /** Ids whose rows sort right next to BUCKET's, and extreme ones. */
    private static final List<Long> NEIGHBOURS = List.of(BUCKET - 1, BUCKET + 1, 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE);

    /** Keys whose UTF-8 order differs from String order, keys that prefix each other, edge bytes. */
    private static final List<String> KEYS = List.of(
            "a", "a b", "a%2F", "a+b", "a/", "a/b", "a/b/c", "a/c", "a0", "ab", "b", "b/x",
            "z\uFFFD", "z\uD83D\uDE00", "é", "日本/語", "../etc/passwd", "c//d",
            "a\u0001", "a\u007F", "a\u0080", "a\uD7FF", "a\uE000", "a\uFFFF", "a\uD800\uDC00", "\uD83D\uDE00",
            "\uDBFF\uDFFF", "x\uD800", "x\uDC00", "x\uD800y", "a/b\uD83D\uDE00", "a/b\uFFFF", "a/bb", "a.");

    @Test
    void rowKeysSortInUtf8ByteOrderOfKeys() {
        List<String> byRow = new ArrayList<>(KEYS);
        byRow.sort(Comparator.comparing(key -> ObjectRowKeys.row(BUCKET, ObjectKey.of(key)), Arrays::compareUnsigned));
        List<String> byUtf8 = new ArrayList<>(KEYS);
        byUtf8.sort(Utf8Order.COMPARATOR);
        assertEquals(byUtf8, byRow);
    }

    @Test
    void aRowKeyIsBucketIdKeyAndTerminator() {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        expected.writeBytes("日本/語".getBytes(StandardCharsets.UTF_8));
        expected.write(0);
        assertArrayEquals(expected.toByteArray(), ObjectRowKeys.row(BUCKET, ObjectKey.of("日本/語")));
    }

    @Test
    void keysRoundTripThroughRowKeys() {
        for (String key : KEYS) {
            assertEquals(ObjectKey.of(key), ObjectRowKeys.key(BUCKET, ObjectRowKeys.row(BUCKET, ObjectKey.of(key))));
        }
    }

    @Test
    void rowsOfAnotherBucketOrWithoutTerminatorAreMalformed() {
        byte[] row = ObjectRowKeys.row(BUCKET, ObjectKey.of("k"));
        assertThrows(MalformedRowException.class, () -> ObjectRowKeys.key(BUCKET + 1, row));
        assertThrows(MalformedRowException.class, () -> ObjectRowKeys.key(BUCKET, Arrays.copyOf(row, row.length - 1)));
        assertThrows(MalformedRowException.class, () -> ObjectRowKeys.key(BUCKET, ObjectRowKeys.bucketStart(BUCKET)));
    }

    @Test
    void boundsOfTheDesignCases() {
        byte[] bucket = ObjectRowKeys.bucketStart(BUCKET);
        ScanBounds first = ObjectRowKeys.bounds(BUCKET, ScanStart.first(), "a/");
        assertArrayEquals(concat(bucket, "a/"), first.start());
        assertTrue(first.startInclusive());
        assertArrayEquals(concat(bucket, "a/", 0xFF), first.stop());

        ScanBounds after = ObjectRowKeys.bounds(BUCKET, ScanStart.after("a/b"), "a/");
        assertArrayEquals(concat(bucket, "a/b", 0x00), after.start());
        assertFalse(after.startInclusive());

        ScanBounds beyond = ObjectRowKeys.bounds(BUCKET, ScanStart.beyond("a/b/"), "a/");
        assertArrayEquals(concat(bucket, "a/b/", 0xFF), beyond.start());
        assertTrue(beyond.startInclusive());

        // A start before the prefix begins at the prefix.
        ScanBounds early = ObjectRowKeys.bounds(BUCKET, ScanStart.after("a"), "b");
        assertArrayEquals(concat(bucket, "b"), early.start());
        assertTrue(early.startInclusive());

        ScanBounds whole = ObjectRowKeys.bounds(BUCKET, ScanStart.first(), "");
        assertArrayEquals(bucket, whole.start());
        assertArrayEquals(concat(bucket, "", 0xFF), whole.stop());
    }

    @Test
    void boundsOutsideThePrefixAreEmpty() {
        assertTrue(ObjectRowKeys.bounds(BUCKET, ScanStart.beyond("a"), "a/").isEmpty());
        assertTrue(ObjectRowKeys.bounds(BUCKET, ScanStart.after("b"), "a").isEmpty());
        assertTrue(ObjectRowKeys.bounds(BUCKET, ScanStart.first(), "a\0").isEmpty());
        assertFalse(ObjectRowKeys.bounds(BUCKET, ScanStart.first(), "a").isEmpty());
    }

    /**
     * For every prefix and start built from the keys, the rows inside the bounds are exactly the
     * keys the scan contract selects, and no row of another bucket is.
     */
    @Test
    void boundsSelectExactlyTheContractsKeys() {
        Set<String> texts = new LinkedHashSet<>(List.of("", "a\0", "a/b\0"));
        for (String key : KEYS) {
            for (int end = 0; end <= key.length(); end++) {
                texts.add(key.substring(0, end));
            }
        }
        List<ScanStart> starts = new ArrayList<>(List.of(ScanStart.first()));
        for (String text : texts) {
            starts.add(ScanStart.after(text));
            if (Utf8BytesTest.isWellFormed(text)) {
                starts.add(ScanStart.beyond(text));
            }
        }
        int checked = 0;
        for (String prefix : texts) {
            if (!Utf8BytesTest.isWellFormed(prefix)) {
                // A prefix that splits a surrogate pair: String.startsWith and UTF-8 disagree, and
                // no client can send one (S3 prefixes arrive as UTF-8).
                continue;
            }
            for (ScanStart start : starts) {
                ScanBounds bounds = ObjectRowKeys.bounds(BUCKET, start, prefix);
                for (String key : KEYS) {
                    assertEquals(selects(key, start, prefix), contains(bounds, ObjectRowKeys.row(BUCKET, ObjectKey.of(key))),
                            key + " / " + start + " / prefix " + prefix);
                    for (long other : NEIGHBOURS) {
                        assertFalse(contains(bounds, ObjectRowKeys.row(other, ObjectKey.of(key))));
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 10_000, "checked " + checked);
    }

    /** The scan contract of MetadataCatalog, on strings. */
    private static boolean selects(String key, ScanStart start, String prefix) {
        if (!key.startsWith(prefix)) {
            return false;
        }
        if (start instanceof ScanStart.After after) {
            return Utf8Order.compare(key, after.key()) > 0;
        }
        if (start instanceof ScanStart.Beyond beyond) {
            return !key.startsWith(beyond.prefix()) && Utf8Order.compare(key, beyond.prefix()) > 0;
        }
        return true;
    }

    private static boolean contains(ScanBounds bounds, byte[] row) {
        if (bounds.isEmpty()) {
            return false;
        }
        int fromStart = Arrays.compareUnsigned(row, bounds.start());
        return (bounds.startInclusive() ? fromStart >= 0 : fromStart > 0) && Arrays.compareUnsigned(row, bounds.stop()) < 0;
    }

    private static byte[] concat(byte[] bucket, String text, int... last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bucket);
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        for (int b : last) {
            out.write(b);
        }
        return out.toByteArray();
    }
}
