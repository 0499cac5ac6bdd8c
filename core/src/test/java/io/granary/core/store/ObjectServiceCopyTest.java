package io.granary.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.model.BucketName;
import io.granary.core.model.ByteRange;
import io.granary.core.model.CompletedPart;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ListQuery;
import io.granary.core.model.NewUpload;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.ObjectWrite;
import io.granary.core.model.PartWrite;
import io.granary.core.testing.Fixtures;
import io.granary.core.testing.InMemoryBlobStore;
import io.granary.core.testing.InMemoryCatalog;
import io.granary.core.testing.InMemoryUploadCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Copies that share the source's blob: no bytes are written, and neither the source's nor the
 * copy's later overwrite or delete releases bytes the other still reads.
 */
class ObjectServiceCopyTest {
    private static final String ALICE = "a".repeat(64);
    private static final BucketName SOURCE_BUCKET = BucketName.of("source");
    private static final BucketName COPY_BUCKET = BucketName.of("copies");
    private static final ObjectKey SOURCE = ObjectKey.of("image.raw");
    private static final ObjectKey COPY = ObjectKey.of("image-copy.raw");

    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final ObjectService store = new ObjectService(new InMemoryCatalog(), new InMemoryUploadCatalog(), blobs,
            Clock.systemUTC(), 1);

    @BeforeEach
    void buckets() {
        store.createBucket(SOURCE_BUCKET, ALICE, "us-east-1");
        store.createBucket(COPY_BUCKET, ALICE, "us-east-1");
    }

    @Test
    void aCopySharesTheBlobAndSurvivesTheSourcesOverwriteAndDelete() throws IOException {
        byte[] data = Fixtures.randomBytes(70_000);
        ObjectInfo source = put(SOURCE_BUCKET, SOURCE, data, ChecksumAlgorithm.CRC32C);
        int blobsBefore = blobs.liveBlobs();

        ObjectInfo copy = copy(source, null).orElseThrow();
        assertEquals(blobsBefore, blobs.liveBlobs(), "no bytes were written");
        assertEquals(source.etag(), copy.etag());
        assertEquals(source.checksum(), copy.checksum());
        assertEquals(Map.of("kind", "copy"), copy.userMetadata());
        assertNotEquals(source.versionId(), copy.versionId());
        assertArrayEquals(data, read(COPY_BUCKET, COPY));

        put(SOURCE_BUCKET, SOURCE, Fixtures.randomBytes(100), null);
        assertArrayEquals(data, read(COPY_BUCKET, COPY), "the overwrite of the source released nothing the copy reads");
        store.deleteObject(SOURCE_BUCKET, SOURCE);
        assertArrayEquals(data, read(COPY_BUCKET, COPY));
    }

    @Test
    void theSourceSurvivesTheCopysDeleteAndACopyOntoItself() throws IOException {
        byte[] data = Fixtures.randomBytes(5000);
        ObjectInfo source = put(SOURCE_BUCKET, SOURCE, data, null);
        copy(source, null).orElseThrow();
        store.deleteObject(COPY_BUCKET, COPY);
        assertArrayEquals(data, read(SOURCE_BUCKET, SOURCE));

        // Onto itself with new metadata (REPLACE): the row is replaced, the bytes stay.
        ObjectInfo current = store.headObject(SOURCE_BUCKET, SOURCE);
        ObjectWrite replace = new ObjectWrite(SOURCE_BUCKET, SOURCE, data.length, ContentHeaders.NONE,
                Map.of("replaced", "yes"), null, "STANDARD");
        ObjectInfo replaced = store.copyObjectSharingBytes(replace, current).orElseThrow();
        assertEquals(Map.of("replaced", "yes"), replaced.userMetadata());
        assertArrayEquals(data, read(SOURCE_BUCKET, SOURCE));
    }

    @Test
    void layoutsThatDoNotAllowSharingChangeNothing() throws IOException {
        byte[] data = Fixtures.randomBytes(3000);
        ObjectInfo source = put(SOURCE_BUCKET, SOURCE, data, ChecksumAlgorithm.CRC32);
        // Another checksum algorithm must be computed over the bytes.
        assertTrue(copy(source, ChecksumAlgorithm.SHA256).isEmpty());
        // A source that changed since the caller looked at it.
        put(SOURCE_BUCKET, SOURCE, data, ChecksumAlgorithm.CRC32);
        assertTrue(copy(source, null).isEmpty());
        // A multipart object is a manifest of part blobs, which belong to their upload's bookkeeping.
        ObjectKey big = ObjectKey.of("multipart");
        String uploadId = store.createMultipartUpload(new NewUpload(SOURCE_BUCKET, big, ALICE, null, null, null))
                .uploadId();
        String etag = store.uploadPart(new PartWrite(SOURCE_BUCKET, big, uploadId, 1, data.length, null),
                new ByteArrayInputStream(data)).etag();
        ObjectInfo multipart = store.completeMultipartUpload(SOURCE_BUCKET, big, uploadId,
                List.of(new CompletedPart(1, etag)));
        ObjectWrite write = new ObjectWrite(COPY_BUCKET, COPY, data.length, null, null, null, null);
        assertTrue(store.copyObjectSharingBytes(write, multipart).isEmpty());
        assertTrue(store.listObjects(COPY_BUCKET, new ListQuery("", null, null, 10))
                .objects().isEmpty(), "nothing was written");
    }

    private ObjectInfo put(BucketName bucket, ObjectKey key, byte[] data, ChecksumAlgorithm checksum)
            throws IOException {
        ObjectWrite write = new ObjectWrite(bucket, key, data.length, null, null, null, null, checksum, null);
        return store.putObject(write, new ByteArrayInputStream(data));
    }

    private Optional<ObjectInfo> copy(ObjectInfo source, ChecksumAlgorithm checksum) {
        ObjectWrite write = new ObjectWrite(COPY_BUCKET, COPY, source.size(), ContentHeaders.NONE,
                Map.of("kind", "copy"), null, "STANDARD", checksum, null);
        return store.copyObjectSharingBytes(write, source);
    }

    private byte[] read(BucketName bucket, ObjectKey key) throws IOException {
        StoredObject object = store.getObject(bucket, key);
        try (InputStream in = object.open(ByteRange.whole(object.info().size()))) {
            return in.readAllBytes();
        }
    }
}
