package io.granary.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.model.ObjectKey;
import io.granary.core.model.Utf8Order;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.MetadataCatalog;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.spi.RowChange;
import io.granary.core.spi.ScanStart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MetadataCatalog} must do. A backend's test extends this and supplies the
 * catalog; each test uses buckets of its own, so one catalog may serve them all.
 */
public abstract class MetadataCatalogConformance {
    private static final String OWNER = "a".repeat(64);

    /** Keys whose UTF-8 byte order differs from Java's String order in places. */
    private static final List<String> KEYS = List.of(
            "a", "a b", "a%2F", "a+b", "a/", "a/b", "a/b/c", "a/c", "a0", "ab", "b", "b/x",
            "z\uFFFD", "z\uD83D\uDE00", "é", "日本/語", "../etc/passwd", "c//d");

    private MetadataCatalog catalog;

    /** The catalog under test; called before each test. */
    protected abstract MetadataCatalog catalog();

    @BeforeEach
    void setUpCatalog() {
        catalog = catalog();
    }

    @Test
    void createsFindsListsAndDeletesABucket() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        assertEquals(Optional.empty(), catalog.createBucket(bucket));
        assertEquals(Optional.of(bucket), catalog.findBucket(bucket.info().name()));
        assertTrue(catalog.listBuckets().contains(bucket));
        assertTrue(catalog.deleteBucketIfEmpty(bucket));
        assertEquals(Optional.empty(), catalog.findBucket(bucket.info().name()));
    }

    @Test
    void creatingAnExistingBucketReturnsItAndChangesNothing() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        catalog.createBucket(bucket);
        BucketRecord rival = new BucketRecord(new io.granary.core.model.BucketInfo(bucket.info().name(),
                "b".repeat(64), bucket.info().creationDate(), "eu-west-1"), bucket.id() + 1);
        assertEquals(Optional.of(bucket), catalog.createBucket(rival));
        assertEquals(Optional.of(bucket), catalog.findBucket(bucket.info().name()));
    }

    @Test
    void listsBucketsByName() {
        BucketRecord first = Fixtures.bucket(OWNER);
        BucketRecord second = Fixtures.bucket(OWNER);
        catalog.createBucket(first);
        catalog.createBucket(second);
        List<String> names = catalog.listBuckets().stream().map(b -> b.info().name().value()).toList();
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
    }

    @Test
    void aBucketWithObjectsIsNotDeleted() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        catalog.createBucket(bucket);
        catalog.putObject(bucket, Fixtures.row(bucket, "k", 3));
        assertFalse(catalog.deleteBucketIfEmpty(bucket));
        assertTrue(catalog.findBucket(bucket.info().name()).isPresent());
        catalog.deleteObject(bucket, ObjectKey.of("k"));
        assertTrue(catalog.deleteBucketIfEmpty(bucket));
    }

    @Test
    void objectRowsRoundTripEveryField() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        catalog.createBucket(bucket);
        ObjectRecord row = Fixtures.row(bucket, "dir/ünïcode key+%.txt", 12345);
        assertEquals(Optional.empty(), catalog.putObject(bucket, row));
        assertEquals(Optional.of(row), catalog.findObject(bucket, row.info().key()));
    }

    @Test
    void putReplacesAndReturnsTheOldRow() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        catalog.createBucket(bucket);
        ObjectRecord first = Fixtures.row(bucket, "k", 1);
        ObjectRecord second = Fixtures.row(bucket, "k", 2);
        catalog.putObject(bucket, first);
        assertEquals(Optional.of(first), catalog.putObject(bucket, second));
        assertEquals(Optional.of(second), catalog.findObject(bucket, ObjectKey.of("k")));
        assertEquals(Optional.of(second), catalog.deleteObject(bucket, ObjectKey.of("k")));
        assertEquals(Optional.empty(), catalog.findObject(bucket, ObjectKey.of("k")));
        assertEquals(Optional.empty(), catalog.deleteObject(bucket, ObjectKey.of("k")));
    }

    @Test
    void multipartRowsRoundTripTheirPartsAndUpload() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        catalog.createBucket(bucket);
        ObjectRecord row = Fixtures.multipartRow(bucket, "big/ünïcode.tar", 5 << 20, 5 << 20, 17);
        assertEquals(Optional.empty(), catalog.putObject(bucket, row));
        assertEquals(Optional.of(row), catalog.findObject(bucket, row.info().key()));
        assertEquals(List.of(row), catalog.scan(bucket, ScanStart.first(), "big/", 10));
        ObjectRecord single = Fixtures.row(bucket, "big/ünïcode.tar", 4);
        assertEquals(Optional.of(row), catalog.putObject(bucket, single));
        assertEquals(Optional.of(single), catalog.findObject(bucket, row.info().key()));
    }

    @Test
    void aGuardSeesTheRowItWouldReplaceAndMayRefuse() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        catalog.createBucket(bucket);
        ObjectRecord first = Fixtures.row(bucket, "k", 1);
        AtomicReference<Optional<ObjectRecord>> seen = new AtomicReference<>();
        assertEquals(new RowChange(true, Optional.empty()), catalog.putObject(bucket, first, current -> {
            seen.set(current);
            return true;
        }));
        assertEquals(Optional.empty(), seen.get());

        ObjectRecord second = Fixtures.multipartRow(bucket, "k", 6, 7);
        assertEquals(new RowChange(false, Optional.of(first)), catalog.putObject(bucket, second, current -> {
            seen.set(current);
            return false;
        }));
        assertEquals(Optional.of(first), seen.get());
        assertEquals(Optional.of(first), catalog.findObject(bucket, ObjectKey.of("k")));

        assertEquals(new RowChange(true, Optional.of(first)), catalog.putObject(bucket, second, current -> true));
        assertEquals(new RowChange(false, Optional.of(second)),
                catalog.deleteObject(bucket, ObjectKey.of("k"), current -> false));
        assertEquals(Optional.of(second), catalog.findObject(bucket, ObjectKey.of("k")));
        assertEquals(new RowChange(true, Optional.of(second)),
                catalog.deleteObject(bucket, ObjectKey.of("k"), current -> current.equals(Optional.of(second))));
        assertEquals(Optional.empty(), catalog.findObject(bucket, ObjectKey.of("k")));

        AtomicInteger asked = new AtomicInteger();
        assertEquals(new RowChange(true, Optional.empty()), catalog.deleteObject(bucket, ObjectKey.of("k"), current -> {
            asked.incrementAndGet();
            return false;
        }));
        assertEquals(0, asked.get(), "deleting nothing asks no guard");
    }

    @Test
    void bucketsDoNotSeeEachOthersRows() {
        BucketRecord one = Fixtures.bucket(OWNER);
        BucketRecord two = Fixtures.bucket(OWNER);
        catalog.createBucket(one);
        catalog.createBucket(two);
        catalog.putObject(one, Fixtures.row(one, "k", 1));
        assertEquals(Optional.empty(), catalog.findObject(two, ObjectKey.of("k")));
        assertEquals(List.of(), catalog.scan(two, ScanStart.first(), "", 10));
    }

    @Test
    void scansInUtf8ByteOrder() {
        BucketRecord bucket = filledBucket();
        assertEquals(sortedKeys(), keys(catalog.scan(bucket, ScanStart.first(), "", 100)));
    }

    @Test
    void scansAPrefixAfterAKeyAndBeyondAPrefix() {
        BucketRecord bucket = filledBucket();
        assertEquals(List.of("a/", "a/b", "a/b/c", "a/c"), keys(catalog.scan(bucket, ScanStart.first(), "a/", 100)));
        assertEquals(List.of("a/b/c", "a/c"), keys(catalog.scan(bucket, ScanStart.after("a/b"), "a/", 100)));
        assertEquals(List.of("a/c", "a0", "ab"), keys(catalog.scan(bucket, ScanStart.beyond("a/b"), "a", 3)));
        assertEquals(List.of("a0", "ab", "b"), keys(catalog.scan(bucket, ScanStart.beyond("a/"), "", 3)));
        // A start before the prefix begins at the prefix.
        assertEquals(List.of("b", "b/x"), keys(catalog.scan(bucket, ScanStart.after("a"), "b", 100)));
        assertEquals(List.of("b", "b/x"), keys(catalog.scan(bucket, ScanStart.beyond("a"), "b", 100)));
        assertEquals(List.of(), keys(catalog.scan(bucket, ScanStart.after("b/x"), "b", 100)));
        assertEquals(List.of(), keys(catalog.scan(bucket, ScanStart.first(), "nothing", 100)));
    }

    @Test
    void scanStopsAtTheLimit() {
        BucketRecord bucket = filledBucket();
        List<String> all = sortedKeys();
        List<String> seen = new ArrayList<>();
        ScanStart start = ScanStart.first();
        while (true) {
            List<ObjectRecord> page = catalog.scan(bucket, start, "", 4);
            assertTrue(page.size() <= 4);
            if (page.isEmpty()) {
                break;
            }
            seen.addAll(keys(page));
            start = ScanStart.after(seen.get(seen.size() - 1));
        }
        assertEquals(all, seen);
    }

    private BucketRecord filledBucket() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        catalog.createBucket(bucket);
        for (String key : KEYS) {
            catalog.putObject(bucket, Fixtures.row(bucket, key, key.length()));
        }
        return bucket;
    }

    private static List<String> sortedKeys() {
        List<String> sorted = new ArrayList<>(KEYS);
        sorted.sort(Utf8Order.COMPARATOR);
        return sorted;
    }

    private static List<String> keys(List<ObjectRecord> rows) {
        return rows.stream().map(r -> r.info().key().value()).toList();
    }
}
