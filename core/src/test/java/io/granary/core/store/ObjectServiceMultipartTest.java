package io.granary.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.model.BucketName;
import io.granary.core.model.ByteRange;
import io.granary.core.model.CompletedPart;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.NewUpload;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.ObjectWrite;
import io.granary.core.model.PartInfo;
import io.granary.core.model.PartListing;
import io.granary.core.model.PartWrite;
import io.granary.core.model.UploadInfo;
import io.granary.core.model.UploadListing;
import io.granary.core.model.UploadQuery;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.FinishedUpload;
import io.granary.core.spi.MetadataCatalog;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.spi.PartRecord;
import io.granary.core.spi.RowChange;
import io.granary.core.spi.RowGuard;
import io.granary.core.spi.ScanStart;
import io.granary.core.spi.UploadCatalog;
import io.granary.core.spi.UploadRecord;
import io.granary.core.spi.UploadScanStart;
import io.granary.core.spi.UploadSnapshot;
import io.granary.core.spi.UploadState;
import io.granary.core.testing.Fixtures;
import io.granary.core.testing.InMemoryBlobStore;
import io.granary.core.testing.InMemoryCatalog;
import io.granary.core.testing.InMemoryUploadCatalog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Multipart uploads in the object store over the in-memory fakes, including the states a crash
 * leaves behind, simulated by fakes that fail at chosen steps.
 */
class ObjectServiceMultipartTest {
    private static final String ALICE = "a".repeat(64);
    private static final BucketName BUCKET = BucketName.of("movies");
    private static final ObjectKey KEY = ObjectKey.of("2024/holiday.mp4");
    private static final int MIB = 1 << 20;
    private static final int PART = (int) ObjectService.MIN_PART_SIZE;

    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final FaultyCatalog catalog = new FaultyCatalog(new InMemoryCatalog());
    private final FaultyUploads uploads = new FaultyUploads(new InMemoryUploadCatalog());
    private final ObjectService store = new ObjectService(catalog, uploads, blobs, Clock.systemUTC(), 3);

    @BeforeEach
    void createBucket() {
        store.createBucket(BUCKET, ALICE, "us-east-1");
    }

    @Test
    void completingMakesTheObjectAManifestOverThePartsWithoutCopyingThem() throws IOException {
        UploadInfo upload = create();
        assertTrue(UploadInfo.isWellFormedId(upload.uploadId()));
        byte[] one = Fixtures.randomBytes(PART);
        byte[] two = Fixtures.randomBytes(PART + 3);
        byte[] three = Fixtures.randomBytes(1000);
        // Uploaded out of order: the object follows the part numbers.
        PartInfo p3 = part(upload, 3, three);
        PartInfo p1 = part(upload, 1, one);
        PartInfo p2 = part(upload, 2, two);
        assertEquals(hex(md5(two)), p2.etag());

        ObjectInfo object = store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), List.of(
                new CompletedPart(1, "\"" + p1.etag() + "\""), new CompletedPart(2, p2.etag().toUpperCase()),
                new CompletedPart(3, p3.etag())));
        byte[] whole = concat(one, two, three);
        assertEquals(whole.length, object.size());
        assertEquals(hex(md5(concat(md5(one), md5(two), md5(three)))) + "-3", object.etag());
        assertEquals(3, object.partCount());
        assertEquals("video/mp4", object.headers().contentType());
        assertEquals(Map.of("camera", "x100"), object.userMetadata());
        assertEquals("STANDARD_IA", object.storageClass());
        assertEquals(3, blobs.liveBlobs(), "the parts' bytes are the object's: nothing was copied");
        assertEquals(object, store.headObject(BUCKET, KEY));
        assertEquals(0, uploads.inner.size());
        assertError(StoreError.NO_SUCH_UPLOAD, () -> store.listParts(BUCKET, KEY, upload.uploadId(), 0, 10));

        StoredObject stored = store.getObject(BUCKET, KEY);
        assertEquals(List.of((long) one.length, (long) two.length, (long) three.length), stored.partSizes());
        assertArrayEquals(whole, read(stored, ByteRange.whole(whole.length)));
        // Ranges inside one part, across one boundary, across two, and at the very ends.
        for (long[] range : new long[][] {{10, 20}, {PART - 5, PART + 5}, {PART - 1, 2L * PART + 10},
            {0, 0}, {whole.length - 1, whole.length - 1}, {2L * PART + 3, whole.length - 1}}) {
            assertArrayEquals(Arrays.copyOfRange(whole, (int) range[0], (int) range[1] + 1),
                    read(stored, new ByteRange(range[0], range[1])), "range " + range[0] + "-" + range[1]);
        }
    }

    @Test
    void partsLeftOutAndReplacedPartsAreReleased() throws IOException {
        UploadInfo upload = create();
        part(upload, 1, Fixtures.randomBytes(10));
        assertEquals(1, blobs.liveBlobs());
        PartInfo first = part(upload, 1, Fixtures.randomBytes(PART));
        assertEquals(1, blobs.liveBlobs(), "the replaced part was released");
        part(upload, 2, Fixtures.randomBytes(PART));
        PartInfo last = part(upload, 3, Fixtures.randomBytes(7));
        store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), List.of(
                new CompletedPart(1, first.etag()), new CompletedPart(3, last.etag())));
        assertEquals(2, blobs.liveBlobs(), "part 2 was left out and released");
        assertEquals(PART + 7, store.headObject(BUCKET, KEY).size());
    }

    @Test
    void overwritingOrDeletingAMultipartObjectReleasesEveryPart() throws IOException {
        complete(create(), PART, PART, 1);
        assertEquals(3, blobs.liveBlobs());
        put(Fixtures.randomBytes(10));
        assertEquals(1, blobs.liveBlobs());
        complete(create(), PART, 2);
        assertEquals(2, blobs.liveBlobs());
        store.deleteObject(BUCKET, KEY);
        assertEquals(0, blobs.liveBlobs());
        assertError(StoreError.NO_SUCH_KEY, () -> store.headObject(BUCKET, KEY));
    }

    @Test
    void aCompletionThatDoesNotFitLeavesTheUploadOpen() throws IOException {
        UploadInfo upload = create();
        PartInfo one = part(upload, 1, Fixtures.randomBytes(MIB));
        PartInfo two = part(upload, 2, Fixtures.randomBytes(PART));
        String id = upload.uploadId();
        assertError(StoreError.INVALID_PART_ORDER, () -> store.completeMultipartUpload(BUCKET, KEY, id,
                List.of(new CompletedPart(2, two.etag()), new CompletedPart(1, one.etag()))));
        assertError(StoreError.INVALID_PART_ORDER, () -> store.completeMultipartUpload(BUCKET, KEY, id,
                List.of(new CompletedPart(1, one.etag()), new CompletedPart(1, one.etag()))));
        assertError(StoreError.INVALID_PART, () -> store.completeMultipartUpload(BUCKET, KEY, id,
                List.of(new CompletedPart(1, one.etag()), new CompletedPart(3, two.etag()))));
        assertError(StoreError.INVALID_PART, () -> store.completeMultipartUpload(BUCKET, KEY, id,
                List.of(new CompletedPart(1, two.etag()))));
        assertError(StoreError.INVALID_PART, () -> store.completeMultipartUpload(BUCKET, KEY, id,
                List.of(new CompletedPart(0, one.etag()))));
        assertError(StoreError.ENTITY_TOO_SMALL, () -> store.completeMultipartUpload(BUCKET, KEY, id,
                List.of(new CompletedPart(1, one.etag()), new CompletedPart(2, two.etag()))));
        assertError(StoreError.INVALID_ARGUMENT, () -> store.completeMultipartUpload(BUCKET, KEY, id, List.of()));
        assertEquals(UploadState.OPEN, uploadState(upload));
        assertError(StoreError.NO_SUCH_KEY, () -> store.headObject(BUCKET, KEY));

        // The client fixes part 1 and completes.
        PartInfo bigger = part(upload, 1, Fixtures.randomBytes(PART));
        ObjectInfo object = store.completeMultipartUpload(BUCKET, KEY, id,
                List.of(new CompletedPart(1, bigger.etag()), new CompletedPart(2, two.etag())));
        assertEquals(2L * PART, object.size());
        assertEquals(2, blobs.liveBlobs());
    }

    @Test
    void aSinglePartMayBeSmallAndEmpty() throws IOException {
        UploadInfo upload = create();
        PartInfo empty = part(upload, 7, new byte[0]);
        ObjectInfo object = store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(),
                List.of(new CompletedPart(7, empty.etag())));
        assertEquals(0, object.size());
        assertEquals(hex(md5(md5(new byte[0]))) + "-1", object.etag());
        assertEquals(List.of(0L), store.getObject(BUCKET, KEY).partSizes());
    }

    @Test
    void abortingReleasesEveryPartAndEndsTheUpload() throws IOException {
        UploadInfo upload = create();
        UploadInfo other = create();
        part(upload, 1, Fixtures.randomBytes(100));
        part(upload, 2, Fixtures.randomBytes(100));
        part(other, 1, Fixtures.randomBytes(100));
        store.abortMultipartUpload(BUCKET, KEY, upload.uploadId());
        assertEquals(1, blobs.liveBlobs());
        assertError(StoreError.NO_SUCH_UPLOAD, () -> store.abortMultipartUpload(BUCKET, KEY, upload.uploadId()));
        assertError(StoreError.NO_SUCH_UPLOAD, () -> part(upload, 3, new byte[1]));
        assertError(StoreError.NO_SUCH_UPLOAD, () -> store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(),
                List.of(new CompletedPart(1, "x"))));
        assertEquals(1, store.listParts(BUCKET, KEY, other.uploadId(), 0, 10).parts().size());
    }

    @Test
    void malformedOrUnknownUploadIdsAreNoSuchUpload() {
        for (String id : List.of("", "nope", "../x", "A".repeat(52), Fixtures.uploadId())) {
            assertError(StoreError.NO_SUCH_UPLOAD, () -> part(id, 1, new byte[1]));
            assertError(StoreError.NO_SUCH_UPLOAD, () -> store.listParts(BUCKET, KEY, id, 0, 10));
            assertError(StoreError.NO_SUCH_UPLOAD, () -> store.abortMultipartUpload(BUCKET, KEY, id));
            assertError(StoreError.NO_SUCH_UPLOAD, () -> store.completeMultipartUpload(BUCKET, KEY, id,
                    List.of(new CompletedPart(1, "x"))));
        }
        assertEquals(0, blobs.liveBlobs());
        UploadInfo upload = create();
        assertError(StoreError.NO_SUCH_UPLOAD, () -> store.listParts(BUCKET, ObjectKey.of("other"), upload.uploadId(), 0, 1));
        assertError(StoreError.NO_SUCH_BUCKET, () -> store.createMultipartUpload(new NewUpload(BucketName.of("nope"), KEY,
                ALICE, null, null, null)));
    }

    @Test
    void aPartFailingItsDigestStoresNothing() throws IOException {
        UploadInfo upload = create();
        PartWrite write = new PartWrite(BUCKET, KEY, upload.uploadId(), 1, 3, md5(new byte[] {1}));
        assertError(StoreError.BAD_DIGEST, () -> store.uploadPart(write, new ByteArrayInputStream(new byte[3])));
        assertEquals(0, blobs.liveBlobs());
        assertEquals(List.of(), store.listParts(BUCKET, KEY, upload.uploadId(), 0, 10).parts());
        byte[] right = {1, 2, 3};
        store.uploadPart(new PartWrite(BUCKET, KEY, upload.uploadId(), 1, 3, md5(right)), new ByteArrayInputStream(right));
        assertEquals(1, store.listParts(BUCKET, KEY, upload.uploadId(), 0, 10).parts().size());
    }

    @Test
    void partsArePagedByNumber() throws IOException {
        UploadInfo upload = create();
        for (int number : new int[] {9, 1, 5, 3, 7}) {
            part(upload, number, new byte[number]);
        }
        PartListing first = store.listParts(BUCKET, KEY, upload.uploadId(), 0, 2);
        assertEquals(List.of(1, 3), numbers(first));
        assertTrue(first.truncated());
        assertEquals(3, first.nextPartNumberMarker());
        assertEquals(upload, first.upload());
        PartListing second = store.listParts(BUCKET, KEY, upload.uploadId(), 3, 2);
        assertEquals(List.of(5, 7), numbers(second));
        assertTrue(second.truncated());
        PartListing last = store.listParts(BUCKET, KEY, upload.uploadId(), 7, 2);
        assertEquals(List.of(9), numbers(last));
        assertFalse(last.truncated());
        assertEquals(9, last.nextPartNumberMarker());
        PartListing exact = store.listParts(BUCKET, KEY, upload.uploadId(), 0, 5);
        assertFalse(exact.truncated());
        assertEquals(List.of(), store.listParts(BUCKET, KEY, upload.uploadId(), 9, 2).parts());
        assertEquals(7, store.listParts(BUCKET, KEY, upload.uploadId(), 5, 1000).parts().get(0).size());
    }

    @Test
    void uploadsAreListedByKeyThenStartWithPrefixesDelimitersAndMarkers() {
        List<UploadInfo> started = new ArrayList<>();
        for (String key : List.of("b/2", "a", "b/1", "a", "c", "b/1")) {
            started.add(store.createMultipartUpload(new NewUpload(BUCKET, ObjectKey.of(key), ALICE, null, null, null)));
        }
        // By key, then in the order the uploads of one key started.
        List<UploadInfo> expected = List.of(started.get(1), started.get(3), started.get(2), started.get(5),
                started.get(0), started.get(4));
        UploadListing all = store.listMultipartUploads(BUCKET, new UploadQuery(null, null, null, null, 1000));
        assertEquals(expected, all.uploads());
        assertFalse(all.truncated());

        List<UploadInfo> paged = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        while (true) {
            UploadListing page = store.listMultipartUploads(BUCKET, new UploadQuery(null, null, keyMarker, idMarker, 4));
            paged.addAll(page.uploads());
            if (!page.truncated()) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextUploadIdMarker();
        }
        assertEquals(expected, paged);

        UploadListing rolled = store.listMultipartUploads(BUCKET, new UploadQuery(null, "/", null, null, 1000));
        assertEquals(List.of(started.get(1), started.get(3), started.get(4)), rolled.uploads());
        assertEquals(List.of("b/"), rolled.commonPrefixes());
        UploadListing twoItems = store.listMultipartUploads(BUCKET, new UploadQuery(null, "/", null, null, 3));
        assertEquals(List.of(started.get(1), started.get(3)), twoItems.uploads());
        assertEquals(List.of("b/"), twoItems.commonPrefixes());
        assertTrue(twoItems.truncated());
        assertEquals("b/", twoItems.nextKeyMarker());
        assertNull(twoItems.nextUploadIdMarker());
        UploadListing rest = store.listMultipartUploads(BUCKET, new UploadQuery(null, "/", "b/", null, 3));
        assertEquals(List.of(started.get(4)), rest.uploads());
        assertEquals(List.of(), rest.commonPrefixes());

        assertEquals(List.of(started.get(2), started.get(5), started.get(0)),
                store.listMultipartUploads(BUCKET, new UploadQuery("b/", null, null, null, 1000)).uploads());
        assertEquals(List.of(started.get(5), started.get(0)), store.listMultipartUploads(BUCKET,
                new UploadQuery("b/", null, "b/1", started.get(2).uploadId(), 1000)).uploads());
        assertEquals(List.of(started.get(0)),
                store.listMultipartUploads(BUCKET, new UploadQuery("b/", null, "b/1", null, 1000)).uploads());
        assertEquals(List.of(), store.listMultipartUploads(BUCKET, new UploadQuery(null, null, null, null, 0)).uploads());
    }

    @Test
    void deletingABucketAbortsItsUploadsButNotWhileItHoldsObjects() throws IOException {
        UploadInfo upload = create();
        part(upload, 1, Fixtures.randomBytes(100));
        put(Fixtures.randomBytes(5));
        assertError(StoreError.BUCKET_NOT_EMPTY, () -> store.deleteBucket(BUCKET));
        assertEquals(1, store.listParts(BUCKET, KEY, upload.uploadId(), 0, 10).parts().size(), "the upload stays");
        store.deleteObject(BUCKET, KEY);
        store.deleteBucket(BUCKET);
        assertEquals(0, blobs.liveBlobs());
        assertEquals(0, uploads.inner.size());
        assertError(StoreError.NO_SUCH_BUCKET, () -> store.bucket(BUCKET));
    }

    @Test
    void uploadPartCopyStreamsARangeOfAnObjectAcrossItsParts() throws IOException {
        byte[] one = Fixtures.randomBytes(PART);
        byte[] two = Fixtures.randomBytes(PART);
        UploadInfo source = create();
        PartInfo s1 = part(source, 1, one);
        PartInfo s2 = part(source, 2, two);
        store.completeMultipartUpload(BUCKET, KEY, source.uploadId(),
                List.of(new CompletedPart(1, s1.etag()), new CompletedPart(2, s2.etag())));
        byte[] whole = concat(one, two);

        ObjectKey target = ObjectKey.of("copy");
        UploadInfo upload = store.createMultipartUpload(new NewUpload(BUCKET, target, ALICE, null, null, null));
        StoredObject stored = store.getObject(BUCKET, KEY);
        ByteRange range = new ByteRange(PART - 100, PART + 99);
        PartInfo copied = store.uploadPartCopy(new PartWrite(BUCKET, target, upload.uploadId(), 1, 200, null), stored,
                range);
        assertEquals(hex(md5(Arrays.copyOfRange(whole, PART - 100, PART + 100))), copied.etag());
        PartInfo all = store.uploadPartCopy(new PartWrite(BUCKET, target, upload.uploadId(), 2, whole.length, null),
                stored, null);
        assertEquals(hex(md5(whole)), all.etag());
        assertThrows(IllegalArgumentException.class, () -> store.uploadPartCopy(
                new PartWrite(BUCKET, target, upload.uploadId(), 3, 5, null), stored, range));

        UploadInfo emptyCopy = store.createMultipartUpload(new NewUpload(BUCKET, target, ALICE, null, null, null));
        put(new byte[0]);
        PartInfo empty = store.uploadPartCopy(new PartWrite(BUCKET, target, emptyCopy.uploadId(), 1, 0, null),
                store.getObject(BUCKET, KEY), null);
        assertEquals(hex(md5(new byte[0])), empty.etag());
    }

    // --- What a crash at each step of a completion leaves, and how a retry finishes it. ---

    @Test
    void aCrashBeforeTheObjectRowIsWrittenLeavesTheOldObjectAndARetryCompletes() throws IOException {
        ObjectInfo old = put(Fixtures.randomBytes(10));
        UploadInfo upload = create();
        List<CompletedPart> parts = parts(upload, PART, 3);
        catalog.failNextPut(false);
        assertError(StoreError.UNAVAILABLE, () -> store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts));
        assertEquals(old, store.headObject(BUCKET, KEY), "the old object stands");
        assertEquals(3, blobs.liveBlobs());
        assertEquals(UploadState.COMPLETING, uploadState(upload));
        assertError(StoreError.CONFLICT, () -> part(upload, 3, new byte[1]));
        assertError(StoreError.CONFLICT, () -> store.abortMultipartUpload(BUCKET, KEY, upload.uploadId()));
        assertError(StoreError.CONFLICT, () -> store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(),
                parts.subList(0, 1)));

        ObjectInfo object = store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts);
        assertEquals(object, store.headObject(BUCKET, KEY));
        assertEquals(2, blobs.liveBlobs(), "the old object's blob is released");
        assertEquals(0, uploads.inner.size());
    }

    @Test
    void aCrashRightAfterTheObjectRowIsWrittenIsFinishedByARetryWithoutASecondRow() throws IOException {
        UploadInfo upload = create();
        List<CompletedPart> parts = parts(upload, PART, 3);
        part(upload, 4, Fixtures.randomBytes(9)); // uploaded, but not completed
        catalog.failNextPut(true);
        assertError(StoreError.UNAVAILABLE, () -> store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts));
        ObjectInfo written = store.headObject(BUCKET, KEY);
        assertEquals(2, written.partCount());
        assertEquals(UploadState.COMPLETING, uploadState(upload));
        assertEquals(3, blobs.liveBlobs(), "nothing is released before the upload is finished");

        ObjectInfo retried = store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts);
        assertEquals(written, retried, "the retry finds the row and does not write another");
        assertEquals(written, store.headObject(BUCKET, KEY));
        assertEquals(2, blobs.liveBlobs(), "part 4 is released");
        assertEquals(0, uploads.inner.size());
        assertError(StoreError.NO_SUCH_UPLOAD, () -> store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts));
        assertArrayEquals(read(store.getObject(BUCKET, KEY), ByteRange.whole(written.size())),
                read(store.getObject(BUCKET, KEY), ByteRange.whole(written.size())));
    }

    @Test
    void anObjectOverwrittenAfterACrashedCompletionIsNotBroughtBack() throws IOException {
        UploadInfo upload = create();
        List<CompletedPart> parts = parts(upload, PART, 3);
        part(upload, 4, Fixtures.randomBytes(9));
        catalog.failNextPut(true);
        assertError(StoreError.UNAVAILABLE, () -> store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts));

        // A PUT replaces the row of the unfinished upload: it finishes the upload first.
        ObjectInfo newer = put(Fixtures.randomBytes(11));
        assertEquals(1, blobs.liveBlobs(), "every part is released, the new object's blob is not");
        assertEquals(0, uploads.inner.size());
        assertError(StoreError.NO_SUCH_UPLOAD, () -> store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts));
        assertEquals(newer, store.headObject(BUCKET, KEY));
    }

    @Test
    void anObjectDeletedAfterACrashedCompletionStaysDeleted() throws IOException {
        UploadInfo upload = create();
        List<CompletedPart> parts = parts(upload, PART, 3);
        catalog.failNextPut(true);
        assertError(StoreError.UNAVAILABLE, () -> store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts));
        store.deleteObject(BUCKET, KEY);
        assertEquals(0, blobs.liveBlobs());
        assertError(StoreError.NO_SUCH_UPLOAD, () -> store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts));
        assertError(StoreError.NO_SUCH_KEY, () -> store.headObject(BUCKET, KEY));
    }

    @Test
    void aCompletionThatCannotFinishItsUploadStillSucceedsAndTheNextWriterFinishesIt() throws IOException {
        UploadInfo upload = create();
        List<CompletedPart> parts = parts(upload, PART, 3);
        part(upload, 4, Fixtures.randomBytes(9));
        uploads.failNext("finishCompletion");
        ObjectInfo object = store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts);
        assertEquals(object, store.headObject(BUCKET, KEY));
        assertEquals(UploadState.COMPLETING, uploadState(upload));
        assertEquals(3, blobs.liveBlobs());
        store.deleteObject(BUCKET, KEY);
        assertEquals(0, blobs.liveBlobs());
        assertEquals(0, uploads.inner.size());
    }

    @Test
    void aRetryThatFindsTheUploadFinishedByAnotherAttemptWritesNothing() throws IOException {
        UploadInfo upload = create();
        List<CompletedPart> parts = parts(upload, PART, 3);
        // Another attempt finishes the whole completion between this one's freeze and its write.
        uploads.beforeNextFind(() -> {
            ObjectInfo other = store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts);
            assertEquals(other, store.headObject(BUCKET, KEY));
        });
        ObjectInfo object = store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts);
        assertEquals(store.headObject(BUCKET, KEY).etag(), object.etag());
        assertEquals(2, blobs.liveBlobs());
        assertEquals(0, uploads.inner.size());
    }

    @Test
    void aPartWhoseRecordMayHaveLandedIsNotReleased() throws IOException {
        UploadInfo upload = create();
        uploads.failNext("putPart");
        assertError(StoreError.UNAVAILABLE, () -> part(upload, 1, new byte[10]));
        assertEquals(1, blobs.liveBlobs(), "left for the collector: the record may have been written");
        assertEquals(List.of(), store.listParts(BUCKET, KEY, upload.uploadId(), 0, 10).parts());
    }

    @Test
    void aPartOfAnUploadCompletedMeanwhileIsReleased() throws IOException {
        UploadInfo upload = create();
        List<CompletedPart> parts = parts(upload, 100);
        uploads.beforeNextPut(() -> store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts));
        assertError(StoreError.NO_SUCH_UPLOAD, () -> part(upload, 2, new byte[10]));
        assertEquals(1, blobs.liveBlobs(), "only the completed object's part");
    }

    // --- Helpers and faulty fakes. ---

    private UploadInfo create() {
        return store.createMultipartUpload(new NewUpload(BUCKET, KEY, ALICE,
                new ContentHeaders("video/mp4", null, null, null, null, null), Map.of("camera", "x100"), "STANDARD_IA"));
    }

    private PartInfo part(UploadInfo upload, int number, byte[] data) throws IOException {
        return part(upload.uploadId(), number, data);
    }

    private PartInfo part(String uploadId, int number, byte[] data) throws IOException {
        return store.uploadPart(new PartWrite(BUCKET, KEY, uploadId, number, data.length, null),
                new ByteArrayInputStream(data));
    }

    /** Uploads parts 1, 2... of these sizes and returns them as a completion names them. */
    private List<CompletedPart> parts(UploadInfo upload, int... sizes) throws IOException {
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            parts.add(new CompletedPart(i + 1, part(upload, i + 1, Fixtures.randomBytes(sizes[i])).etag()));
        }
        return parts;
    }

    private ObjectInfo complete(UploadInfo upload, int... sizes) throws IOException {
        return store.completeMultipartUpload(BUCKET, KEY, upload.uploadId(), parts(upload, sizes));
    }

    private ObjectInfo put(byte[] data) throws IOException {
        return store.putObject(new ObjectWrite(BUCKET, KEY, data.length, null, null, null, null),
                new ByteArrayInputStream(data));
    }

    private UploadState uploadState(UploadInfo upload) {
        BucketRecord bucket = catalog.findBucket(BUCKET).orElseThrow();
        return uploads.findUpload(bucket, KEY, upload.uploadId()).orElseThrow().state();
    }

    private static byte[] read(StoredObject object, ByteRange range) throws IOException {
        try (InputStream in = object.open(range)) {
            return in.readAllBytes();
        }
    }

    private static List<Integer> numbers(PartListing listing) {
        return listing.parts().stream().map(PartInfo::partNumber).toList();
    }

    private static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    interface Action {
        void run() throws Exception;
    }

    private static void assertError(StoreError expected, Action action) {
        StoreException e = assertThrows(StoreException.class, action::run);
        assertEquals(expected, e.error(), e.getMessage());
    }

    private static StoreException unavailable() {
        return new StoreException(StoreError.UNAVAILABLE, "simulated failure of the metadata store");
    }

    /** A catalog whose next guarded put can fail before or after it writes (a crash either side). */
    private static final class FaultyCatalog implements MetadataCatalog {
        private final MetadataCatalog inner;
        private Boolean failAfterWrite;

        FaultyCatalog(MetadataCatalog inner) {
            this.inner = inner;
        }

        void failNextPut(boolean afterWrite) {
            failAfterWrite = afterWrite;
        }

        @Override
        public RowChange putObject(BucketRecord bucket, ObjectRecord record, RowGuard guard) {
            Boolean fail = failAfterWrite;
            failAfterWrite = null;
            if (Boolean.FALSE.equals(fail)) {
                throw unavailable();
            }
            RowChange change = inner.putObject(bucket, record, guard);
            if (Boolean.TRUE.equals(fail)) {
                throw unavailable();
            }
            return change;
        }

        @Override
        public Optional<BucketRecord> createBucket(BucketRecord bucket) {
            return inner.createBucket(bucket);
        }

        @Override
        public Optional<BucketRecord> findBucket(BucketName name) {
            return inner.findBucket(name);
        }

        @Override
        public List<BucketRecord> listBuckets() {
            return inner.listBuckets();
        }

        @Override
        public boolean deleteBucketIfEmpty(BucketRecord bucket) {
            return inner.deleteBucketIfEmpty(bucket);
        }

        @Override
        public Optional<ObjectRecord> findObject(BucketRecord bucket, ObjectKey key) {
            return inner.findObject(bucket, key);
        }

        @Override
        public RowChange deleteObject(BucketRecord bucket, ObjectKey key, RowGuard guard) {
            return inner.deleteObject(bucket, key, guard);
        }

        @Override
        public List<ObjectRecord> scan(BucketRecord bucket, ScanStart start, String prefix, int limit) {
            return inner.scan(bucket, start, prefix, limit);
        }

        @Override
        public void close() {
        }
    }

    /** An upload catalog that can fail one named call, or run something just before one. */
    private static final class FaultyUploads implements UploadCatalog {
        private final InMemoryUploadCatalog inner;
        private String failing;
        private Action beforeFind;
        private Action beforePut;

        FaultyUploads(InMemoryUploadCatalog inner) {
            this.inner = inner;
        }

        void failNext(String method) {
            failing = method;
        }

        void beforeNextFind(Action action) {
            beforeFind = action;
        }

        void beforeNextPut(Action action) {
            beforePut = action;
        }

        private void maybeFail(String method) {
            if (method.equals(failing)) {
                failing = null;
                throw unavailable();
            }
        }

        private static void run(Action action) {
            try {
                action.run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public boolean createUpload(BucketRecord bucket, UploadInfo upload) {
            return inner.createUpload(bucket, upload);
        }

        @Override
        public Optional<UploadRecord> findUpload(BucketRecord bucket, ObjectKey key, String uploadId) {
            Action action = beforeFind;
            beforeFind = null;
            if (action != null) {
                run(action);
            }
            return inner.findUpload(bucket, key, uploadId);
        }

        @Override
        public List<UploadRecord> listUploads(BucketRecord bucket, UploadScanStart start, String prefix, int limit) {
            return inner.listUploads(bucket, start, prefix, limit);
        }

        @Override
        public Optional<PartRecord> putPart(BucketRecord bucket, ObjectKey key, String uploadId, PartRecord part) {
            Action action = beforePut;
            beforePut = null;
            if (action != null) {
                run(action);
            }
            maybeFail("putPart");
            return inner.putPart(bucket, key, uploadId, part);
        }

        @Override
        public List<PartRecord> listParts(BucketRecord bucket, ObjectKey key, String uploadId, int afterPartNumber,
                int limit) {
            return inner.listParts(bucket, key, uploadId, afterPartNumber, limit);
        }

        @Override
        public UploadSnapshot beginCompletion(BucketRecord bucket, ObjectKey key, String uploadId,
                List<CompletedPart> selection) {
            return inner.beginCompletion(bucket, key, uploadId, selection);
        }

        @Override
        public void cancelCompletion(BucketRecord bucket, ObjectKey key, String uploadId,
                List<CompletedPart> selection) {
            inner.cancelCompletion(bucket, key, uploadId, selection);
        }

        @Override
        public Optional<FinishedUpload> finishCompletion(BucketRecord bucket, ObjectKey key, String uploadId) {
            maybeFail("finishCompletion");
            return inner.finishCompletion(bucket, key, uploadId);
        }

        @Override
        public List<PartRecord> abortUpload(BucketRecord bucket, ObjectKey key, String uploadId) {
            return inner.abortUpload(bucket, key, uploadId);
        }

        @Override
        public void close() {
        }
    }
}
