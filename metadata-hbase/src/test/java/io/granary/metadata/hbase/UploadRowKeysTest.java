package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.model.ObjectKey;
import io.granary.core.model.Utf8Order;
import io.granary.core.spi.UploadScanStart;
import io.granary.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadRowKeysTest {
    private static final long BUCKET = 0x0102030405060708L;
    private static final List<String> KEYS = List.of("a", "a b", "a/", "a/b", "a/b/c", "a0", "b", "z\uFFFD",
            "z\uD83D\uDE00", "é", "日本/語", "a\u0001");

    /** One upload per key and two for "a/b", as (key, id) pairs. */
    private static List<String[]> uploads() {
        List<String[]> uploads = new ArrayList<>();
        for (String key : KEYS) {
            uploads.add(new String[] {key, Fixtures.uploadId()});
        }
        uploads.add(new String[] {"a/b", Fixtures.uploadId()});
        return uploads;
    }

    @Test
    void rowsSortByKeyInUtf8OrderThenByUploadId() {
        List<String[]> byRow = uploads();
        byRow.sort(Comparator.comparing(u -> UploadRowKeys.row(BUCKET, ObjectKey.of(u[0]), u[1]), Arrays::compareUnsigned));
        List<String[]> expected = uploads();
        expected.clear();
        expected.addAll(byRow);
        expected.sort(Comparator.<String[], String>comparing(u -> u[0], Utf8Order.COMPARATOR).thenComparing(u -> u[1]));
        assertEquals(expected.stream().map(u -> u[0] + "/" + u[1]).toList(), byRow.stream().map(u -> u[0] + "/" + u[1]).toList());
    }

    @Test
    void addressesRoundTripThroughRowKeys() {
        for (String[] upload : uploads()) {
            byte[] row = UploadRowKeys.row(BUCKET, ObjectKey.of(upload[0]), upload[1]);
            assertEquals(new UploadRowKeys.Address(ObjectKey.of(upload[0]), upload[1]), UploadRowKeys.address(BUCKET, row));
        }
    }

    @Test
    void foreignOrDamagedRowKeysAreMalformed() {
        byte[] row = UploadRowKeys.row(BUCKET, ObjectKey.of("k"), Fixtures.uploadId());
        assertThrows(MalformedRowException.class, () -> UploadRowKeys.address(BUCKET + 1, row));
        assertThrows(MalformedRowException.class, () -> UploadRowKeys.address(BUCKET, Arrays.copyOf(row, row.length - 1)));
        assertThrows(MalformedRowException.class, () -> UploadRowKeys.address(BUCKET, ObjectRowKeys.row(BUCKET, ObjectKey.of("k"))));
        assertThrows(MalformedRowException.class, () -> UploadRowKeys.address(BUCKET, ObjectRowKeys.bucketStart(BUCKET)));
    }

    @Test
    void boundsSelectExactlyTheUploadsAScanPromises() {
        List<String[]> all = uploads();
        String[] firstOfAb = all.stream().filter(u -> u[0].equals("a/b")).findFirst().orElseThrow();
        for (String prefix : List.of("", "a", "a/", "a/b", "z", "nothing")) {
            for (UploadScanStart start : List.of(UploadScanStart.first(), UploadScanStart.afterKey("a/b"),
                    UploadScanStart.afterKey("a"), UploadScanStart.afterUpload("a/b", firstOfAb[1]),
                    UploadScanStart.beyond("a/"), UploadScanStart.beyond("a"), UploadScanStart.afterKey("zz"))) {
                ScanBounds bounds = UploadRowKeys.bounds(BUCKET, start, prefix);
                for (String[] upload : all) {
                    byte[] row = UploadRowKeys.row(BUCKET, ObjectKey.of(upload[0]), upload[1]);
                    boolean inside = !bounds.isEmpty()
                            && Arrays.compareUnsigned(row, bounds.start()) >= (bounds.startInclusive() ? 0 : 1)
                            && Arrays.compareUnsigned(row, bounds.stop()) < 0;
                    assertEquals(expected(upload, start, prefix), inside,
                            upload[0] + " with prefix '" + prefix + "' from " + start);
                }
            }
        }
    }

    private static boolean expected(String[] upload, UploadScanStart start, String prefix) {
        String key = upload[0];
        if (!key.startsWith(prefix)) {
            return false;
        }
        if (start instanceof UploadScanStart.AfterKey after) {
            return Utf8Order.compare(key, after.key()) > 0;
        }
        if (start instanceof UploadScanStart.AfterUpload after) {
            int order = Utf8Order.compare(key, after.key());
            return order > 0 || order == 0 && upload[1].compareTo(after.uploadId()) > 0;
        }
        if (start instanceof UploadScanStart.Beyond beyond) {
            return !key.startsWith(beyond.prefix()) && Utf8Order.compare(key, beyond.prefix()) > 0;
        }
        return true;
    }

    @Test
    void partQualifiersSortByNumberAndRoundTrip() {
        List<Integer> numbers = List.of(1, 2, 255, 256, 9_999, 10_000);
        for (int i = 0; i < numbers.size(); i++) {
            byte[] qualifier = UploadRowKeys.partQualifier(numbers.get(i));
            assertEquals(numbers.get(i), UploadRowKeys.partNumber(qualifier));
            if (i > 0) {
                assertTrue(Arrays.compareUnsigned(UploadRowKeys.partQualifier(numbers.get(i - 1)), qualifier) < 0);
            }
        }
        assertEquals(-1, UploadRowKeys.partNumber(Schema.UPLOAD_STATE));
        assertEquals(-1, UploadRowKeys.partNumber(Schema.UPLOAD_INFO));
    }
}
