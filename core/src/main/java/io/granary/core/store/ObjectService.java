package io.granary.core.store;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.model.BucketInfo;
import io.granary.core.model.BucketName;
import io.granary.core.model.ByteRange;
import io.granary.core.model.ListPage;
import io.granary.core.model.ListQuery;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.ObjectWrite;
import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BlobStore;
import io.granary.core.spi.BlobWriter;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.MetadataCatalog;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.version.HybridLogicalClock;
import io.granary.core.version.VersionId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The object store: bytes in a {@link BlobStore}, rows in a {@link MetadataCatalog}. A write makes
 * its bytes durable first and only then commits the one row that points at them, so a failure at
 * any point leaves the old object or the new one, never a mix, and bytes without a row are never
 * visible.
 */
public final class ObjectService implements ObjectStore {
    private static final int COPY_BUFFER = 64 * 1024;

    private final MetadataCatalog catalog;
    private final BlobStore blobs;
    private final Clock clock;
    private final HybridLogicalClock versionClock;
    private final int zone;
    private final RandomGenerator random = new SecureRandom();

    /**
     * @param zone this zone's id (0 to 65535), written into every version id
     */
    public ObjectService(MetadataCatalog catalog, BlobStore blobs, Clock clock, int zone) {
        this.catalog = catalog;
        this.blobs = blobs;
        this.clock = clock;
        this.versionClock = new HybridLogicalClock(clock);
        this.zone = zone;
    }

    @Override
    public BucketInfo createBucket(BucketName name, String ownerId, String region) {
        BucketRecord wanted = new BucketRecord(new BucketInfo(name, ownerId, clock.instant(), region), random.nextLong());
        Optional<BucketRecord> existing = catalog.createBucket(wanted);
        if (existing.isEmpty()) {
            return wanted.info();
        }
        if (existing.get().info().ownerId().equals(ownerId)) {
            throw new StoreException(StoreError.BUCKET_ALREADY_OWNED_BY_YOU,
                    "Your previous request to create the named bucket succeeded and you already own it.");
        }
        throw new StoreException(StoreError.BUCKET_ALREADY_EXISTS,
                "The requested bucket name is not available.");
    }

    @Override
    public BucketInfo bucket(BucketName name) {
        return record(name).info();
    }

    @Override
    public List<BucketInfo> listBuckets(String ownerId) {
        return catalog.listBuckets().stream()
                .map(BucketRecord::info)
                .filter(b -> b.ownerId().equals(ownerId))
                .toList();
    }

    @Override
    public void deleteBucket(BucketName name) {
        if (!catalog.deleteBucketIfEmpty(record(name))) {
            throw new StoreException(StoreError.BUCKET_NOT_EMPTY,
                    "The bucket you tried to delete is not empty");
        }
    }

    @Override
    public ObjectInfo putObject(ObjectWrite write, InputStream data) throws IOException {
        BucketRecord bucket = record(write.bucket());
        MessageDigest md5 = md5();
        BlobRef blob;
        try (BlobWriter writer = create(write.contentLength())) {
            copy(data, writer, md5, write.contentLength());
            byte[] digest = md5.digest();
            if (write.expectedMd5() != null && !MessageDigest.isEqual(digest, write.expectedMd5())) {
                throw new StoreException(StoreError.BAD_DIGEST,
                        "The Content-MD5 you specified did not match what we received.");
            }
            blob = commit(writer);
            ObjectInfo info = new ObjectInfo(write.bucket(), write.key(), write.contentLength(),
                    HexFormat.of().formatHex(digest), clock.instant(), VersionId.next(versionClock, zone),
                    write.headers(), write.userMetadata(), write.storageClass());
            Optional<ObjectRecord> replaced;
            try {
                replaced = catalog.putObject(bucket, new ObjectRecord(info, blob));
            } catch (RuntimeException e) {
                releaseQuietly(blob);
                throw e;
            }
            replaced.ifPresent(old -> releaseQuietly(old.blob()));
            return info;
        }
    }

    @Override
    public ObjectInfo headObject(BucketName bucket, ObjectKey key) {
        return object(bucket, key).info();
    }

    @Override
    public StoredObject getObject(BucketName bucket, ObjectKey key) {
        ObjectRecord row = object(bucket, key);
        return new StoredObject() {
            @Override
            public ObjectInfo info() {
                return row.info();
            }

            @Override
            public InputStream open(ByteRange range) throws IOException {
                if (range.last() >= row.info().size()) {
                    throw new IllegalArgumentException("range " + range + " outside " + row.info().size() + " bytes");
                }
                return blobs.open(row.blob(), range.first(), range.length());
            }
        };
    }

    @Override
    public void deleteObject(BucketName bucket, ObjectKey key) {
        catalog.deleteObject(record(bucket), key).ifPresent(old -> releaseQuietly(old.blob()));
    }

    @Override
    public ListPage listObjects(BucketName bucket, ListQuery query) {
        return ObjectListing.list(catalog, record(bucket), query);
    }

    private BucketRecord record(BucketName name) {
        return catalog.findBucket(name).orElseThrow(() -> new StoreException(StoreError.NO_SUCH_BUCKET,
                "The specified bucket does not exist"));
    }

    private ObjectRecord object(BucketName bucket, ObjectKey key) {
        return catalog.findObject(record(bucket), key).orElseThrow(() -> new StoreException(StoreError.NO_SUCH_KEY,
                "The specified key does not exist."));
    }

    private BlobWriter create(long length) {
        try {
            return blobs.create(length);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private BlobRef commit(BlobWriter writer) {
        try {
            return writer.commit();
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /**
     * Copies exactly {@code length} bytes and checks that the source ends there. Failures of the
     * source are the client's and propagate as they are; failures of the sink are the store's.
     */
    private static void copy(InputStream data, BlobWriter writer, MessageDigest md5, long length) throws IOException {
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(length, 1))];
        long remaining = length;
        while (remaining > 0) {
            int n = data.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new StoreException(StoreError.INCOMPLETE_BODY,
                        "You did not provide the number of bytes specified by the Content-Length HTTP header.");
            }
            md5.update(buffer, 0, n);
            try {
                writer.write(buffer, 0, n);
            } catch (IOException e) {
                throw unavailable(e);
            }
            remaining -= n;
        }
        // Reading the end lets a verifying stream check the payload's signature or digest.
        if (data.read() >= 0) {
            throw new StoreException(StoreError.INCOMPLETE_BODY,
                    "The request body is longer than the declared content length.");
        }
    }

    private void releaseQuietly(BlobRef blob) {
        try {
            blobs.release(blob);
        } catch (IOException | UncheckedIOException e) {
            // Unreleased bytes are only garbage for the collector; the row change already stands.
        }
    }

    private static StoreException unavailable(IOException e) {
        return new StoreException(StoreError.UNAVAILABLE, "The data store failed: " + e.getMessage(), e);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
