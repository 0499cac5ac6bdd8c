package io.granary.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.model.CompletedPart;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.UploadInfo;
import io.granary.core.model.Utf8Order;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.FinishedUpload;
import io.granary.core.spi.PartRecord;
import io.granary.core.spi.UploadCatalog;
import io.granary.core.spi.UploadRecord;
import io.granary.core.spi.UploadScanStart;
import io.granary.core.spi.UploadSnapshot;
import io.granary.core.spi.UploadState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UploadCatalog} must do. A backend's test extends this and supplies the
 * catalog; each test uses buckets of its own, so one catalog may serve them all.
 */
public abstract class UploadCatalogConformance {
    private static final String OWNER = "a".repeat(64);

    /** Keys whose UTF-8 byte order differs from Java's String order in places. */
    private static final List<String> KEYS = List.of(
            "a", "a b", "a/", "a/b", "a/b/c", "a/c", "a0", "b", "b/x", "z\uFFFD", "z\uD83D\uDE00", "é", "日本/語");

    /** The keys that get two uploads each. */
    private static final Set<String> TWICE = Set.of("a/b", "b/x", "日本/語");

    private UploadCatalog catalog;

    /** The catalog under test; called before each test. */
    protected abstract UploadCatalog catalog();

    @BeforeEach
    void setUpCatalog() {
        catalog = catalog();
    }

    @Test
    void uploadsRoundTripEveryField() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        UploadInfo upload = Fixtures.upload(bucket, "dir/ünïcode key+%.bin");
        assertTrue(catalog.createUpload(bucket, upload));
        assertEquals(Optional.of(new UploadRecord(upload, UploadState.OPEN)), find(bucket, upload));
        assertFalse(catalog.createUpload(bucket, upload), "the same id twice");
        assertEquals(Optional.empty(), catalog.findUpload(bucket, upload.key(), Fixtures.uploadId()));
        assertEquals(Optional.empty(), catalog.findUpload(bucket, ObjectKey.of("other"), upload.uploadId()));
        assertEquals(Optional.empty(), catalog.findUpload(Fixtures.bucket(OWNER), upload.key(), upload.uploadId()));
    }

    @Test
    void uploadsAreListedByKeyInUtf8OrderThenById() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        List<UploadInfo> all = new ArrayList<>();
        for (String key : KEYS) {
            for (int i = 0; i < (TWICE.contains(key) ? 2 : 1); i++) {
                UploadInfo upload = Fixtures.upload(bucket, key);
                catalog.createUpload(bucket, upload);
                all.add(upload);
            }
        }
        all.sort(Comparator.comparing((UploadInfo u) -> u.key().value(), Utf8Order.COMPARATOR)
                .thenComparing(UploadInfo::uploadId));
        assertEquals(all, infos(catalog.listUploads(bucket, UploadScanStart.first(), "", 100)));

        List<UploadInfo> paged = new ArrayList<>();
        UploadScanStart start = UploadScanStart.first();
        while (true) {
            List<UploadRecord> page = catalog.listUploads(bucket, start, "", 3);
            assertTrue(page.size() <= 3);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(infos(page));
            UploadInfo last = paged.get(paged.size() - 1);
            start = UploadScanStart.afterUpload(last.key().value(), last.uploadId());
        }
        assertEquals(all, paged);

        assertEquals(List.of("a/", "a/b", "a/b", "a/b/c", "a/c"),
                keys(catalog.listUploads(bucket, UploadScanStart.first(), "a/", 100)));
        assertEquals(List.of("a/b/c", "a/c"), keys(catalog.listUploads(bucket, UploadScanStart.afterKey("a/b"), "a/", 100)));
        assertEquals(List.of("a/c", "a0"), keys(catalog.listUploads(bucket, UploadScanStart.beyond("a/b"), "a", 2)));
        assertEquals(List.of("a0", "b", "b/x", "b/x"), keys(catalog.listUploads(bucket, UploadScanStart.beyond("a/"), "", 4)));
        UploadInfo firstOfAb = all.stream().filter(u -> u.key().value().equals("a/b")).findFirst().orElseThrow();
        assertEquals(List.of("a/b", "a/b/c"),
                keys(catalog.listUploads(bucket, UploadScanStart.afterUpload("a/b", firstOfAb.uploadId()), "a/", 2)));
        // A start before the prefix begins at the prefix; one past it finds nothing.
        assertEquals(List.of("b", "b/x", "b/x"), keys(catalog.listUploads(bucket, UploadScanStart.afterKey("a"), "b", 100)));
        assertEquals(List.of(), keys(catalog.listUploads(bucket, UploadScanStart.afterKey("b/x"), "b", 100)));
        assertEquals(List.of(), keys(catalog.listUploads(bucket, UploadScanStart.first(), "nothing", 100)));
        assertEquals(List.of(), keys(catalog.listUploads(Fixtures.bucket(OWNER), UploadScanStart.first(), "", 100)));
    }

    @Test
    void partsAreStoredReplacedAndListedByNumber() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        UploadInfo upload = created(bucket, "k");
        PartRecord three = Fixtures.part(3, 30);
        PartRecord one = Fixtures.part(1, 10);
        PartRecord two = Fixtures.part(2, 20);
        PartRecord twelve = Fixtures.part(12, 0);
        for (PartRecord part : List.of(three, one, two, twelve)) {
            assertEquals(Optional.empty(), put(bucket, upload, part));
        }
        PartRecord twoAgain = Fixtures.part(2, 21);
        assertEquals(Optional.of(two), put(bucket, upload, twoAgain));
        assertEquals(List.of(one, twoAgain, three, twelve), parts(bucket, upload, 0, 100));
        assertEquals(List.of(twoAgain, three), parts(bucket, upload, 1, 2));
        assertEquals(List.of(twelve), parts(bucket, upload, 3, 2));
        assertEquals(List.of(), parts(bucket, upload, 12, 2));
        PartRecord last = Fixtures.part(10_000, 1);
        put(bucket, upload, last);
        assertEquals(List.of(last), parts(bucket, upload, 12, 100));
    }

    @Test
    void operationsOnAMissingUploadFail() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        UploadInfo ghost = Fixtures.upload(bucket, "k");
        assertError(StoreError.NO_SUCH_UPLOAD, () -> put(bucket, ghost, Fixtures.part(1, 1)));
        assertError(StoreError.NO_SUCH_UPLOAD, () -> parts(bucket, ghost, 0, 10));
        assertError(StoreError.NO_SUCH_UPLOAD, () -> catalog.abortUpload(bucket, ghost.key(), ghost.uploadId()));
        assertError(StoreError.NO_SUCH_UPLOAD, () -> begin(bucket, ghost, List.of(new CompletedPart(1, "x"))));
        catalog.cancelCompletion(bucket, ghost.key(), ghost.uploadId(), List.of(new CompletedPart(1, "x")));
        assertEquals(Optional.empty(), catalog.finishCompletion(bucket, ghost.key(), ghost.uploadId()));
        assertEquals(Optional.empty(), find(bucket, ghost));
    }

    @Test
    void beginningACompletionFreezesTheParts() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        UploadInfo upload = created(bucket, "k");
        PartRecord one = Fixtures.part(1, 10);
        PartRecord two = Fixtures.part(2, 20);
        put(bucket, upload, one);
        put(bucket, upload, two);
        List<CompletedPart> selection = List.of(new CompletedPart(2, two.info().etag()));

        UploadSnapshot snapshot = begin(bucket, upload, selection);
        assertEquals(new UploadSnapshot(upload, List.of(one, two)), snapshot);
        assertEquals(Optional.of(new UploadRecord(upload, UploadState.COMPLETING)), find(bucket, upload));
        assertEquals(List.of(new UploadRecord(upload, UploadState.COMPLETING)),
                catalog.listUploads(bucket, UploadScanStart.first(), "", 10));
        assertError(StoreError.CONFLICT, () -> put(bucket, upload, Fixtures.part(3, 30)));
        assertError(StoreError.CONFLICT, () -> put(bucket, upload, Fixtures.part(1, 11)));
        assertError(StoreError.CONFLICT, () -> catalog.abortUpload(bucket, upload.key(), upload.uploadId()));
        assertError(StoreError.CONFLICT, () -> begin(bucket, upload, List.of(new CompletedPart(1, one.info().etag()))));
        assertEquals(snapshot, begin(bucket, upload, selection), "a retried completion sees the same parts");
        assertEquals(List.of(one, two), parts(bucket, upload, 0, 10));
    }

    @Test
    void cancellingACompletionOpensTheUploadAgain() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        UploadInfo upload = created(bucket, "k");
        PartRecord one = Fixtures.part(1, 10);
        put(bucket, upload, one);
        List<CompletedPart> selection = List.of(new CompletedPart(1, "wrong"));
        begin(bucket, upload, selection);
        catalog.cancelCompletion(bucket, upload.key(), upload.uploadId(), List.of(new CompletedPart(1, "other")));
        assertEquals(UploadState.COMPLETING, find(bucket, upload).orElseThrow().state());
        catalog.cancelCompletion(bucket, upload.key(), upload.uploadId(), selection);
        assertEquals(UploadState.OPEN, find(bucket, upload).orElseThrow().state());
        PartRecord oneAgain = Fixtures.part(1, 12);
        assertEquals(Optional.of(one), put(bucket, upload, oneAgain));
        List<CompletedPart> right = List.of(new CompletedPart(1, oneAgain.info().etag()));
        assertEquals(List.of(oneAgain), begin(bucket, upload, right).parts());
    }

    @Test
    void finishingRemovesTheUploadAndReturnsWhatItHeld() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        UploadInfo upload = created(bucket, "k");
        PartRecord one = Fixtures.part(1, 10);
        PartRecord two = Fixtures.part(2, 20);
        put(bucket, upload, one);
        put(bucket, upload, two);
        assertEquals(Optional.empty(), catalog.finishCompletion(bucket, upload.key(), upload.uploadId()),
                "an open upload is not finished");
        assertEquals(UploadState.OPEN, find(bucket, upload).orElseThrow().state());

        List<CompletedPart> selection = List.of(new CompletedPart(1, one.info().etag()));
        begin(bucket, upload, selection);
        assertEquals(Optional.of(new FinishedUpload(selection, List.of(one, two))),
                catalog.finishCompletion(bucket, upload.key(), upload.uploadId()));
        assertEquals(Optional.empty(), find(bucket, upload));
        assertEquals(Optional.empty(), catalog.finishCompletion(bucket, upload.key(), upload.uploadId()));
        assertError(StoreError.NO_SUCH_UPLOAD, () -> begin(bucket, upload, selection));
        assertEquals(List.of(), catalog.listUploads(bucket, UploadScanStart.first(), "", 10));
    }

    @Test
    void abortingRemovesAnOpenUploadAndReturnsItsParts() {
        BucketRecord bucket = Fixtures.bucket(OWNER);
        UploadInfo upload = created(bucket, "k");
        UploadInfo other = created(bucket, "k");
        PartRecord one = Fixtures.part(1, 10);
        PartRecord seven = Fixtures.part(7, 70);
        put(bucket, upload, one);
        put(bucket, upload, seven);
        put(bucket, other, Fixtures.part(1, 5));
        assertEquals(List.of(one, seven), catalog.abortUpload(bucket, upload.key(), upload.uploadId()));
        assertEquals(Optional.empty(), find(bucket, upload));
        assertError(StoreError.NO_SUCH_UPLOAD, () -> catalog.abortUpload(bucket, upload.key(), upload.uploadId()));
        assertError(StoreError.NO_SUCH_UPLOAD, () -> put(bucket, upload, Fixtures.part(2, 1)));
        assertEquals(1, parts(bucket, other, 0, 10).size(), "the other upload of the key is untouched");
        assertEquals(List.of(new UploadRecord(other, UploadState.OPEN)),
                catalog.listUploads(bucket, UploadScanStart.first(), "", 10));
    }

    @Test
    void bucketsDoNotSeeEachOthersUploads() {
        BucketRecord one = Fixtures.bucket(OWNER);
        BucketRecord two = Fixtures.bucket(OWNER);
        UploadInfo upload = created(one, "k");
        put(one, upload, Fixtures.part(1, 1));
        assertEquals(Optional.empty(), find(two, upload));
        assertError(StoreError.NO_SUCH_UPLOAD, () -> put(two, upload, Fixtures.part(1, 1)));
        assertEquals(List.of(), catalog.listUploads(two, UploadScanStart.first(), "", 10));
    }

    private UploadInfo created(BucketRecord bucket, String key) {
        UploadInfo upload = Fixtures.upload(bucket, key);
        assertTrue(catalog.createUpload(bucket, upload));
        return upload;
    }

    private Optional<UploadRecord> find(BucketRecord bucket, UploadInfo upload) {
        return catalog.findUpload(bucket, upload.key(), upload.uploadId());
    }

    private Optional<PartRecord> put(BucketRecord bucket, UploadInfo upload, PartRecord part) {
        return catalog.putPart(bucket, upload.key(), upload.uploadId(), part);
    }

    private List<PartRecord> parts(BucketRecord bucket, UploadInfo upload, int after, int limit) {
        return catalog.listParts(bucket, upload.key(), upload.uploadId(), after, limit);
    }

    private UploadSnapshot begin(BucketRecord bucket, UploadInfo upload, List<CompletedPart> selection) {
        return catalog.beginCompletion(bucket, upload.key(), upload.uploadId(), selection);
    }

    private static List<UploadInfo> infos(List<UploadRecord> records) {
        return records.stream().map(UploadRecord::info).toList();
    }

    private static List<String> keys(List<UploadRecord> records) {
        return records.stream().map(r -> r.info().key().value()).toList();
    }

    private static void assertError(StoreError expected, Runnable action) {
        StoreException e = assertThrows(StoreException.class, action::run);
        assertEquals(expected, e.error());
    }
}
