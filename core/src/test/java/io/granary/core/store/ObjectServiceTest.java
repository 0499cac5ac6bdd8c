package io.granary.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.model.BucketName;
import io.granary.core.model.ByteRange;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ListQuery;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.ObjectWrite;
import io.granary.core.testing.Fixtures;
import io.granary.core.testing.InMemoryBlobStore;
import io.granary.core.testing.InMemoryCatalog;
import io.granary.core.testing.InMemoryUploadCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectServiceTest {
    private static final String ALICE = "a".repeat(64);
    private static final String BOB = "b".repeat(64);
    private static final BucketName BUCKET = BucketName.of("photos");
    private static final ObjectKey KEY = ObjectKey.of("2024/cat.jpg");

    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final ObjectService store = new ObjectService(new InMemoryCatalog(), new InMemoryUploadCatalog(), blobs,
            Clock.systemUTC(), 1);

    @Test
    void bucketsBelongToTheirCreator() {
        store.createBucket(BUCKET, ALICE, "us-east-1");
        assertError(StoreError.BUCKET_ALREADY_OWNED_BY_YOU, () -> store.createBucket(BUCKET, ALICE, "us-east-1"));
        assertError(StoreError.BUCKET_ALREADY_EXISTS, () -> store.createBucket(BUCKET, BOB, "us-east-1"));
        assertEquals(1, store.listBuckets(ALICE).size());
        assertEquals(0, store.listBuckets(BOB).size());
        assertEquals(ALICE, store.bucket(BUCKET).ownerId());
        assertError(StoreError.NO_SUCH_BUCKET, () -> store.bucket(BucketName.of("nope")));
    }

    @Test
    void storesReadsAndDeletesAnObject() throws IOException {
        store.createBucket(BUCKET, ALICE, "us-east-1");
        byte[] data = Fixtures.randomBytes(5000);
        ObjectInfo put = put(data, null);
        assertEquals(HexFormat.of().formatHex(md5(data)), put.etag());
        assertEquals(Map.of("color", "red"), put.userMetadata());

        StoredObject got = store.getObject(BUCKET, KEY);
        assertEquals(put, got.info());
        try (InputStream in = got.open(new ByteRange(100, 199))) {
            assertArrayEquals(Arrays.copyOfRange(data, 100, 200), in.readAllBytes());
        }
        assertEquals(put, store.headObject(BUCKET, KEY));

        assertError(StoreError.BUCKET_NOT_EMPTY, () -> store.deleteBucket(BUCKET));
        store.deleteObject(BUCKET, KEY);
        store.deleteObject(BUCKET, KEY);
        assertError(StoreError.NO_SUCH_KEY, () -> store.headObject(BUCKET, KEY));
        assertEquals(0, blobs.liveBlobs());
        store.deleteBucket(BUCKET);
    }

    @Test
    void overwriteReleasesTheOldBytesAndOrdersVersions() throws IOException {
        store.createBucket(BUCKET, ALICE, "us-east-1");
        ObjectInfo first = put(Fixtures.randomBytes(10), null);
        ObjectInfo second = put(Fixtures.randomBytes(20), null);
        assertEquals(20, store.headObject(BUCKET, KEY).size());
        assertTrue(second.versionId().compareTo(first.versionId()) > 0);
        assertTrue(second.versionId().toString().compareTo(first.versionId().toString()) > 0);
        assertEquals(1, blobs.liveBlobs());
    }

    @Test
    void aWrongDigestStoresNothingAndKeepsTheOldObject() throws IOException {
        store.createBucket(BUCKET, ALICE, "us-east-1");
        byte[] original = Fixtures.randomBytes(10);
        ObjectInfo old = put(original, null);
        assertError(StoreError.BAD_DIGEST, () -> put(Fixtures.randomBytes(10), md5(new byte[] {1})));
        assertEquals(old, store.headObject(BUCKET, KEY));
        assertEquals(1, blobs.liveBlobs());
        put(original, md5(original));
    }

    @Test
    void aShortOrLongBodyStoresNothing() {
        store.createBucket(BUCKET, ALICE, "us-east-1");
        ObjectWrite write = new ObjectWrite(BUCKET, KEY, 10, ContentHeaders.NONE, Map.of(), null, null);
        assertError(StoreError.INCOMPLETE_BODY, () -> store.putObject(write, new ByteArrayInputStream(new byte[9])));
        assertError(StoreError.INCOMPLETE_BODY, () -> store.putObject(write, new ByteArrayInputStream(new byte[11])));
        assertError(StoreError.NO_SUCH_KEY, () -> store.headObject(BUCKET, KEY));
        assertEquals(0, blobs.liveBlobs());
    }

    @Test
    void aFailingSourceAbortsTheWriteWithItsOwnException() {
        store.createBucket(BUCKET, ALICE, "us-east-1");
        IOException signatureFailure = new IOException("bad chunk signature");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[10]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw signatureFailure;
            }
        });
        ObjectWrite write = new ObjectWrite(BUCKET, KEY, 10, ContentHeaders.NONE, Map.of(), null, null);
        assertSame(signatureFailure, assertThrows(IOException.class, () -> store.putObject(write, failing)));
        assertError(StoreError.NO_SUCH_KEY, () -> store.headObject(BUCKET, KEY));
        assertEquals(0, blobs.liveBlobs());
    }

    @Test
    void writesToAMissingBucketFail() {
        ObjectWrite write = new ObjectWrite(BUCKET, KEY, 1, ContentHeaders.NONE, Map.of(), null, null);
        assertError(StoreError.NO_SUCH_BUCKET, () -> store.putObject(write, new ByteArrayInputStream(new byte[1])));
        assertError(StoreError.NO_SUCH_BUCKET, () -> store.listObjects(BUCKET, new ListQuery("", null, null, 10)));
    }

    private ObjectInfo put(byte[] data, byte[] md5) throws IOException {
        ObjectWrite write = new ObjectWrite(BUCKET, KEY, data.length, new ContentHeaders("image/jpeg", null, null, null, null, null),
                Map.of("color", "red"), md5, null);
        return store.putObject(write, new ByteArrayInputStream(data));
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    interface Action {
        void run() throws Exception;
    }

    private static void assertError(StoreError expected, Action action) {
        StoreException e = assertThrows(StoreException.class, action::run);
        assertEquals(expected, e.error());
    }
}
