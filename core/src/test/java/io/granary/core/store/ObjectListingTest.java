package io.granary.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.model.BucketName;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ListPage;
import io.granary.core.model.ListQuery;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.ObjectWrite;
import io.granary.core.model.Utf8Order;
import io.granary.core.testing.InMemoryBlobStore;
import io.granary.core.testing.InMemoryCatalog;
import io.granary.core.testing.InMemoryUploadCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing against a brute-force model of S3's rules, over keys chosen to hit the corners. */
class ObjectListingTest {
    private static final BucketName BUCKET = BucketName.of("listing");
    private static final List<String> KEYS = List.of(
            "a", "a/", "a/1", "a/2/x", "a/2/y", "a/3", "a//b", "a0", "b", "b/c/d", "b/c/e", "bc",
            "c.txt", "d/e.f/g", "é/1", "é/2", "z\uD83D\uDE00", "z\uFFFD", "zz");

    private final ObjectService store = new ObjectService(new InMemoryCatalog(), new InMemoryUploadCatalog(),
            new InMemoryBlobStore(), Clock.systemUTC(), 0);

    @BeforeEach
    void fill() throws IOException {
        store.createBucket(BUCKET, "o".repeat(64), "us-east-1");
        for (String key : KEYS) {
            store.putObject(new ObjectWrite(BUCKET, ObjectKey.of(key), 1, ContentHeaders.NONE, Map.of(), null, null),
                    new ByteArrayInputStream(new byte[1]));
        }
    }

    @Test
    void rollsUpCommonPrefixes() {
        ListPage page = store.listObjects(BUCKET, new ListQuery("", "/", null, 1000));
        assertEquals(List.of("a", "a0", "b", "bc", "c.txt", "zz", "z\uFFFD", "z\uD83D\uDE00"), keys(page));
        assertEquals(List.of("a/", "b/", "d/", "é/"), page.commonPrefixes());
        assertTrue(!page.truncated());
        assertNull(page.nextMarker());

        ListPage inA = store.listObjects(BUCKET, new ListQuery("a/", "/", null, 1000));
        assertEquals(List.of("a/", "a/1", "a/3"), keys(inA));
        assertEquals(List.of("a//", "a/2/"), inA.commonPrefixes());
    }

    @Test
    void pagesEndOnCommonPrefixesAndContinueBeyondThem() {
        ListPage first = store.listObjects(BUCKET, new ListQuery("", "/", null, 2));
        assertEquals(List.of("a"), keys(first));
        assertEquals(List.of("a/"), first.commonPrefixes());
        assertTrue(first.truncated());
        assertEquals("a/", first.nextMarker());
        ListPage second = store.listObjects(BUCKET, new ListQuery("", "/", first.nextMarker(), 2));
        assertEquals(List.of("a0", "b"), keys(second));
        assertEquals(List.of(), second.commonPrefixes());
    }

    @Test
    void matchesTheModelForManyQueries() {
        Random random = new Random(42);
        List<String> prefixes = List.of("", "a", "a/", "a/2", "b", "b/c/", "é", "z", "q");
        List<String> delimiters = List.of("", "/", "2", ".", "//", "é");
        List<String> markers = new ArrayList<>(KEYS);
        markers.addAll(List.of("", "a/2/", "0", "b/", "zzz", "a//"));
        for (int i = 0; i < 3000; i++) {
            ListQuery query = new ListQuery(pick(random, prefixes), pick(random, delimiters), pick(random, markers),
                    random.nextInt(8));
            assertEquals(model(query), actual(store.listObjects(BUCKET, query)), query.toString());
        }
    }

    @Test
    void pagingVisitsEveryEntryOnce() {
        for (String delimiter : new String[] {null, "/", "."}) {
            for (int size = 1; size <= 5; size++) {
                List<String> seen = new ArrayList<>();
                String marker = null;
                while (true) {
                    ListPage page = store.listObjects(BUCKET, new ListQuery("", delimiter, marker, size));
                    seen.addAll(keys(page));
                    seen.addAll(page.commonPrefixes());
                    if (!page.truncated()) {
                        break;
                    }
                    marker = page.nextMarker();
                }
                Model all = model(new ListQuery("", delimiter, null, 1000));
                List<String> expected = new ArrayList<>(all.objects);
                expected.addAll(all.prefixes);
                expected.sort(Utf8Order.COMPARATOR);
                seen.sort(Utf8Order.COMPARATOR);
                assertEquals(expected, seen, "delimiter " + delimiter + " page size " + size);
            }
        }
    }

    record Model(List<String> objects, List<String> prefixes, boolean truncated) {
    }

    private static Model actual(ListPage page) {
        return new Model(keys(page), page.commonPrefixes(), page.truncated());
    }

    /** S3's rules, the slow and obvious way. */
    private static Model model(ListQuery query) {
        if (query.maxKeys() == 0) {
            return new Model(List.of(), List.of(), false);
        }
        List<String> sorted = new ArrayList<>(KEYS);
        sorted.sort(Utf8Order.COMPARATOR);
        List<String> objects = new ArrayList<>();
        Set<String> prefixes = new LinkedHashSet<>();
        int count = 0;
        for (String key : sorted) {
            if (!key.startsWith(query.prefix())) {
                continue;
            }
            String entry = key;
            boolean rolled = false;
            if (query.delimiter() != null) {
                int at = key.indexOf(query.delimiter(), query.prefix().length());
                if (at >= 0) {
                    entry = key.substring(0, at + query.delimiter().length());
                    rolled = true;
                }
            }
            if (query.startAfter() != null && Utf8Order.compare(entry, query.startAfter()) <= 0
                    && !(rolled && Utf8Order.compare(key, query.startAfter()) > 0 && !entry.equals(query.startAfter()))) {
                continue;
            }
            if (rolled && prefixes.contains(entry)) {
                continue;
            }
            if (count == query.maxKeys()) {
                return new Model(objects, List.copyOf(prefixes), true);
            }
            count++;
            if (rolled) {
                prefixes.add(entry);
            } else {
                objects.add(key);
            }
        }
        return new Model(objects, List.copyOf(prefixes), false);
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<String> keys(ListPage page) {
        return page.objects().stream().map(ObjectInfo::key).map(ObjectKey::value).toList();
    }
}
