package io.granary.core.store;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.checksum.ObjectChecksum;
import io.granary.core.model.BucketInfo;
import io.granary.core.model.BucketName;
import io.granary.core.model.ByteRange;
import io.granary.core.model.CompletedPart;
import io.granary.core.model.ListPage;
import io.granary.core.model.ListQuery;
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
import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BlobStore;
import io.granary.core.spi.BlobWriter;
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
import io.granary.core.version.HybridLogicalClock;
import io.granary.core.version.VersionId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The object store: bytes in a {@link BlobStore}, rows in a {@link MetadataCatalog}, multipart
 * uploads in an {@link UploadCatalog}. A write makes its bytes durable first and only then commits
 * the one row that points at them, so a failure at any point leaves the old object or the new one,
 * never a mix, and bytes without a row are never visible.
 *
 * <p>Multipart uploads follow the same rule. A part is a blob of its own, recorded in its upload
 * once durable. Completing freezes the upload (it becomes {@link UploadState#COMPLETING}), writes
 * the object row, a manifest over the parts' blobs, and then removes the upload, releasing the
 * parts it did not use. The parts of a completing upload belong to the upload, not to the object
 * row, until the upload is removed; so:
 *
 * <ul>
 *   <li>a completion writes the object row only if, after reading the row it replaces, it finds
 *       the upload still completing and that row not already one of this upload's (the guard runs
 *       between the catalog's read and its conditional write);
 *   <li>whoever replaces or removes the row of a multipart object first finishes that object's
 *       upload if it is still there, and only then releases the row's blobs.
 * </ul>
 *
 * Together these mean that an upload's parts are released only when no row can point at them any
 * more, and that a completion retried after a crash at any step either finds the row written or
 * writes it once (see docs/DESIGN.md, "Multipart uploads").
 */
public final class ObjectService implements ObjectStore {
    /** S3's minimum size of every part of a completed upload but the last. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private static final int COPY_BUFFER = 64 * 1024;
    private static final int PAGE = 1000;
    private static final HexFormat HEX = HexFormat.of();

    private final MetadataCatalog catalog;
    private final UploadCatalog uploads;
    private final BlobStore blobs;
    private final Clock clock;
    private final HybridLogicalClock versionClock;
    private final int zone;
    private final RandomGenerator random = new SecureRandom();

    /**
     * @param zone this zone's id (0 to 65535), written into every version id
     */
    public ObjectService(MetadataCatalog catalog, UploadCatalog uploads, BlobStore blobs, Clock clock, int zone) {
        this.catalog = catalog;
        this.uploads = uploads;
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
        BucketRecord bucket = record(name);
        // Objects keep the bucket, and its uploads with it; only an empty bucket loses its uploads.
        if (!catalog.scan(bucket, ScanStart.first(), "", 1).isEmpty()) {
            throw notEmpty();
        }
        abortOpenUploads(bucket);
        if (!catalog.deleteBucketIfEmpty(bucket)) {
            throw notEmpty();
        }
    }

    @Override
    public ObjectInfo putObject(ObjectWrite write, InputStream data) throws IOException {
        BucketRecord bucket = record(write.bucket());
        BodyDigests digests = new BodyDigests(write.checksumAlgorithm());
        try (BlobWriter writer = create(write.contentLength())) {
            copy(data, writer, digests, write.contentLength());
            byte[] digest = digests.md5.digest();
            checkDigest(write.expectedMd5(), digest);
            ObjectChecksum checksum = digests.checksum(write.expectedChecksum());
            BlobRef blob = commit(writer);
            ObjectInfo info = new ObjectInfo(write.bucket(), write.key(), write.contentLength(),
                    HEX.formatHex(digest), clock.instant(), VersionId.next(versionClock, zone),
                    write.headers(), write.userMetadata(), write.storageClass(), 0, checksum);
            RowChange change;
            try {
                change = catalog.putObject(bucket, new ObjectRecord(info, blob), finishingReplacedUpload(bucket));
            } catch (RuntimeException e) {
                releaseUnlessMaybeStored(blob, e);
                throw e;
            }
            change.previous().ifPresent(this::releaseRow);
            return info;
        }
    }

    @Override
    public Optional<ObjectInfo> copyObjectSharingBytes(ObjectWrite destination, ObjectInfo source) {
        if (destination.contentLength() != source.size() || destination.expectedMd5() != null) {
            throw new IllegalArgumentException("a copy has the source's size and no MD5 of its own");
        }
        BucketRecord sourceBucket = record(source.bucket());
        BucketRecord bucket = record(destination.bucket());
        Optional<ObjectRecord> found = catalog.findObject(sourceBucket, source.key());
        if (found.isEmpty() || !found.get().info().versionId().equals(source.versionId())) {
            return Optional.empty(); // the source changed since the caller looked at it
        }
        ObjectRecord row = found.get();
        ObjectChecksum checksum = row.info().checksum();
        ChecksumAlgorithm wanted = destination.checksumAlgorithm();
        if (row.uploadId() != null || row.blobs().size() != 1
                || wanted != null && (checksum == null || checksum.algorithm() != wanted)) {
            return Optional.empty();
        }
        // The source's row is marked first, so that from now on nobody releases the blob with it.
        if (!row.sharedBlobs()) {
            RowChange marked = catalog.putObject(sourceBucket, row.withSharedBlobs(),
                    current -> current.isPresent() && current.get().equals(row));
            if (!marked.applied()) {
                return Optional.empty();
            }
        }
        ObjectInfo info = new ObjectInfo(destination.bucket(), destination.key(), source.size(),
                row.info().etag(), clock.instant(), VersionId.next(versionClock, zone), destination.headers(),
                destination.userMetadata(), destination.storageClass(), 0, checksum);
        RowChange change = catalog.putObject(bucket,
                new ObjectRecord(info, row.blobs(), null, true), finishingReplacedUpload(bucket));
        change.previous().ifPresent(this::releaseRow);
        return Optional.of(info);
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
                if (row.blobs().size() == 1) {
                    return blobs.open(row.blobs().get(0), range.first(), range.length());
                }
                return new ChainedBlobStream(blobs, row.blobs(), range);
            }

            @Override
            public List<Long> partSizes() {
                return row.blobs().stream().map(BlobRef::length).toList();
            }
        };
    }

    @Override
    public void deleteObject(BucketName bucket, ObjectKey key) {
        BucketRecord record = record(bucket);
        catalog.deleteObject(record, key, finishingReplacedUpload(record)).previous().ifPresent(this::releaseRow);
    }

    @Override
    public ListPage listObjects(BucketName bucket, ListQuery query) {
        return ObjectListing.list(catalog, record(bucket), query);
    }

    @Override
    public UploadInfo createMultipartUpload(NewUpload upload) {
        BucketRecord bucket = record(upload.bucket());
        UploadInfo info = new UploadInfo(upload.bucket(), upload.key(), newUploadId(), clock.instant(),
                upload.initiatorId(), upload.headers(), upload.userMetadata(), upload.storageClass(),
                upload.checksumAlgorithm());
        if (!uploads.createUpload(bucket, info)) {
            throw new StoreException(StoreError.INTERNAL, "upload id " + info.uploadId() + " was handed out twice");
        }
        return info;
    }

    @Override
    public PartInfo uploadPart(PartWrite write, InputStream data) throws IOException {
        BucketRecord bucket = record(write.bucket());
        UploadInfo upload = requireOpenUpload(bucket, write.key(), write.uploadId());
        BodyDigests digests = new BodyDigests(partChecksum(upload, write.checksumAlgorithm()));
        try (BlobWriter writer = create(write.contentLength())) {
            copy(data, writer, digests, write.contentLength());
            byte[] digest = digests.md5.digest();
            checkDigest(write.expectedMd5(), digest);
            ObjectChecksum checksum = digests.checksum(write.expectedChecksum());
            return recordPart(bucket, write, digest, checksum, commit(writer));
        }
    }

    @Override
    public PartInfo uploadPartCopy(PartWrite write, StoredObject source, ByteRange range) {
        long length = range == null ? source.info().size() : range.length();
        if (length != write.contentLength()) {
            throw new IllegalArgumentException("copying " + length + " bytes into a part of " + write.contentLength());
        }
        BucketRecord bucket = record(write.bucket());
        UploadInfo upload = requireOpenUpload(bucket, write.key(), write.uploadId());
        BodyDigests digests = new BodyDigests(partChecksum(upload, write.checksumAlgorithm()));
        ByteRange copied = range == null && length > 0 ? ByteRange.whole(length) : range;
        try (BlobWriter writer = create(length);
                InputStream in = CopySourceStream.open(source, copied)) {
            copy(in, writer, digests, length);
            byte[] digest = digests.md5.digest();
            return recordPart(bucket, write, digest, digests.checksum(null), commit(writer));
        } catch (IOException e) {
            // Only closing the source can get here; every read failure was translated already.
            throw new StoreException(StoreError.UNAVAILABLE, "Closing the copy source failed: " + e.getMessage(), e);
        }
    }

    @Override
    public PartListing listParts(BucketName bucket, ObjectKey key, String uploadId, int partNumberMarker,
            int maxParts) {
        if (maxParts < 0 || maxParts > PAGE) {
            throw new IllegalArgumentException("maxParts out of range: " + maxParts);
        }
        BucketRecord record = record(bucket);
        UploadInfo upload = upload(record, key, uploadId).info();
        if (maxParts == 0) {
            return new PartListing(upload, List.of(), false, 0);
        }
        List<PartRecord> page = uploads.listParts(record, key, uploadId, Math.max(partNumberMarker, 0), maxParts + 1);
        boolean truncated = page.size() > maxParts;
        List<PartInfo> parts = page.stream().limit(maxParts).map(PartRecord::info).toList();
        int next = parts.isEmpty() ? 0 : parts.get(parts.size() - 1).partNumber();
        return new PartListing(upload, parts, truncated, next);
    }

    @Override
    public ObjectInfo completeMultipartUpload(BucketName bucket, ObjectKey key, String uploadId,
            List<CompletedPart> parts) {
        List<CompletedPart> selection = normalize(parts);
        BucketRecord record = record(bucket);
        requireWellFormed(uploadId);
        UploadSnapshot snapshot = uploads.beginCompletion(record, key, uploadId, selection);
        List<PartRecord> chosen;
        try {
            chosen = choose(snapshot, selection);
            checkPartChecksums(chosen, parts);
        } catch (StoreException e) {
            // The named parts do not make an object; the upload stays usable, as on S3.
            uploads.cancelCompletion(record, key, uploadId, selection);
            throw e;
        }
        ObjectRecord row = manifest(snapshot.info(), chosen);
        RowChange change = catalog.putObject(record, row, current -> {
            if (current.isPresent() && uploadId.equals(current.get().uploadId())) {
                return false; // an earlier attempt of this completion wrote the row
            }
            Optional<UploadRecord> upload = uploads.findUpload(record, key, uploadId);
            if (upload.isEmpty() || upload.get().state() != UploadState.COMPLETING) {
                return false; // another attempt wrote the row and finished the upload
            }
            return finishingReplacedUpload(record).allows(current);
        });
        if (change.applied()) {
            change.previous().ifPresent(this::releaseRow);
        }
        try {
            finishUpload(record, key, uploadId);
        } catch (StoreException e) {
            // The object stands; the upload is finished by a retried completion or by whoever next
            // replaces the object.
        }
        if (!change.applied() && change.previous().isPresent()
                && uploadId.equals(change.previous().get().uploadId())) {
            return change.previous().get().info();
        }
        return row.info();
    }

    @Override
    public void abortMultipartUpload(BucketName bucket, ObjectKey key, String uploadId) {
        BucketRecord record = record(bucket);
        requireWellFormed(uploadId);
        for (PartRecord part : uploads.abortUpload(record, key, uploadId)) {
            releaseQuietly(part.blob());
        }
    }

    @Override
    public UploadListing listMultipartUploads(BucketName bucket, UploadQuery query) {
        return UploadListings.list(uploads, record(bucket), query);
    }

    private BucketRecord record(BucketName name) {
        return catalog.findBucket(name).orElseThrow(() -> new StoreException(StoreError.NO_SUCH_BUCKET,
                "The specified bucket does not exist"));
    }

    private ObjectRecord object(BucketName bucket, ObjectKey key) {
        return catalog.findObject(record(bucket), key).orElseThrow(() -> new StoreException(StoreError.NO_SUCH_KEY,
                "The specified key does not exist."));
    }

    private UploadRecord upload(BucketRecord bucket, ObjectKey key, String uploadId) {
        requireWellFormed(uploadId);
        return uploads.findUpload(bucket, key, uploadId).orElseThrow(ObjectService::noSuchUpload);
    }

    /** Checked before a part's bytes are written, so that they are not written in vain. */
    private UploadInfo requireOpenUpload(BucketRecord bucket, ObjectKey key, String uploadId) {
        UploadRecord upload = upload(bucket, key, uploadId);
        if (upload.state() != UploadState.OPEN) {
            throw completing();
        }
        return upload.info();
    }

    /**
     * The additional checksum a part gets: the upload's, or the one the part declares if the
     * upload has none; a part may not declare another than the upload's.
     */
    private static ChecksumAlgorithm partChecksum(UploadInfo upload, ChecksumAlgorithm declared) {
        ChecksumAlgorithm expected = upload.checksumAlgorithm();
        if (expected != null && declared != null && declared != expected) {
            throw new StoreException(StoreError.INVALID_ARGUMENT, "Checksum Type mismatch occurred, expected "
                    + "checksum Type: " + expected.displayName() + ", actual checksum Type: " + declared.displayName());
        }
        return expected != null ? expected : declared;
    }

    /** The checksums a completion names must be the stored parts' ones. */
    private static void checkPartChecksums(List<PartRecord> chosen, List<CompletedPart> named) {
        for (int i = 0; i < chosen.size(); i++) {
            ObjectChecksum given = named.get(i).checksum();
            ObjectChecksum stored = chosen.get(i).info().checksum();
            if (given != null && stored != null && (given.algorithm() != stored.algorithm()
                    || !given.value().equals(stored.value()))) {
                throw new StoreException(StoreError.INVALID_PART, "One or more of the specified parts could not be "
                        + "found. The checksum of part " + chosen.get(i).number() + " does not match the part's.");
            }
        }
    }

    private PartInfo recordPart(BucketRecord bucket, PartWrite write, byte[] digest, ObjectChecksum checksum,
            BlobRef blob) {
        PartInfo info = new PartInfo(write.partNumber(), HEX.formatHex(digest), write.contentLength(), clock.instant(),
                checksum);
        Optional<PartRecord> replaced;
        try {
            replaced = uploads.putPart(bucket, write.key(), write.uploadId(), new PartRecord(info, blob));
        } catch (RuntimeException e) {
            releaseUnlessMaybeStored(blob, e);
            throw e;
        }
        // A replaced part was never in an object row: rows are written only from frozen uploads.
        replaced.ifPresent(part -> releaseQuietly(part.blob()));
        return info;
    }

    /** The client's list, checked for order, with ETags unquoted and in lower case. */
    private static List<CompletedPart> normalize(List<CompletedPart> parts) {
        if (parts.isEmpty()) {
            throw new StoreException(StoreError.INVALID_ARGUMENT, "You must specify at least one part");
        }
        List<CompletedPart> normalized = new ArrayList<>(parts.size());
        int previous = 0;
        for (CompletedPart part : parts) {
            if (!PartInfo.isValidNumber(part.partNumber())) {
                throw new StoreException(StoreError.INVALID_PART, "One or more of the specified parts could not be "
                        + "found: there is no part " + part.partNumber());
            }
            if (part.partNumber() <= previous) {
                throw new StoreException(StoreError.INVALID_PART_ORDER,
                        "The list of parts was not in ascending order. Parts must be ordered by part number.");
            }
            previous = part.partNumber();
            String etag = part.etag().strip();
            if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
                etag = etag.substring(1, etag.length() - 1);
            }
            normalized.add(new CompletedPart(part.partNumber(), etag.toLowerCase(Locale.ROOT)));
        }
        return normalized;
    }

    /** The stored parts {@code selection} names, checked against their ETags and sizes. */
    private static List<PartRecord> choose(UploadSnapshot snapshot, List<CompletedPart> selection) {
        Map<Integer, PartRecord> stored = new HashMap<>();
        for (PartRecord part : snapshot.parts()) {
            stored.put(part.number(), part);
        }
        List<PartRecord> chosen = new ArrayList<>(selection.size());
        for (CompletedPart wanted : selection) {
            PartRecord part = stored.get(wanted.partNumber());
            if (part == null || !part.info().etag().equals(wanted.etag())) {
                throw new StoreException(StoreError.INVALID_PART, "One or more of the specified parts could not be "
                        + "found. The part may not have been uploaded, or the specified entity tag may not match the "
                        + "part's entity tag: part " + wanted.partNumber());
            }
            chosen.add(part);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            PartInfo part = chosen.get(i).info();
            if (part.size() < MIN_PART_SIZE) {
                throw new StoreException(StoreError.ENTITY_TOO_SMALL, "Your proposed upload is smaller than the "
                        + "minimum allowed size: part " + part.partNumber() + " has " + part.size() + " bytes, every "
                        + "part but the last needs at least " + MIN_PART_SIZE);
            }
        }
        return chosen;
    }

    /** The row of the completed object: the upload's metadata over the chosen parts' blobs. */
    private ObjectRecord manifest(UploadInfo upload, List<PartRecord> parts) {
        MessageDigest md5 = md5();
        long size = 0;
        List<BlobRef> partBlobs = new ArrayList<>(parts.size());
        for (PartRecord part : parts) {
            md5.update(HEX.parseHex(part.info().etag()));
            size += part.info().size();
            partBlobs.add(part.blob());
        }
        String etag = HEX.formatHex(md5.digest()) + "-" + parts.size();
        ObjectInfo info = new ObjectInfo(upload.bucket(), upload.key(), size, etag, clock.instant(),
                VersionId.next(versionClock, zone), upload.headers(), upload.userMetadata(), upload.storageClass(),
                parts.size(), compositeChecksum(upload.checksumAlgorithm(), parts));
        return ObjectRecord.multipart(info, upload.uploadId(), partBlobs);
    }

    /**
     * S3's composite checksum of a multipart object: the digest of its parts' digests, then
     * {@code -N}; none unless the upload has an algorithm and every part a checksum of it.
     */
    private static ObjectChecksum compositeChecksum(ChecksumAlgorithm algorithm, List<PartRecord> parts) {
        if (algorithm == null) {
            return null;
        }
        ChecksumAlgorithm.Running composite = algorithm.start();
        for (PartRecord part : parts) {
            ObjectChecksum checksum = part.info().checksum();
            if (checksum == null || checksum.algorithm() != algorithm) {
                return null;
            }
            byte[] digest = Base64.getDecoder().decode(checksum.value());
            composite.update(digest, 0, digest.length);
        }
        return new ObjectChecksum(algorithm, composite.finish() + "-" + parts.size(), ObjectChecksum.Type.COMPOSITE);
    }

    /**
     * The guard of every write that may replace the row of a multipart object: it finishes that
     * object's upload, if it is still there, before the row goes, so that no retried completion of
     * it can write a row again once the row's blobs are released.
     */
    private RowGuard finishingReplacedUpload(BucketRecord bucket) {
        return current -> {
            if (current.isPresent() && current.get().uploadId() != null) {
                finishUpload(bucket, current.get().info().key(), current.get().uploadId());
            }
            return true;
        };
    }

    /** Removes a completing upload, releasing the parts its completion did not select. */
    private void finishUpload(BucketRecord bucket, ObjectKey key, String uploadId) {
        Optional<FinishedUpload> finished = uploads.finishCompletion(bucket, key, uploadId);
        if (finished.isEmpty()) {
            return;
        }
        Set<Integer> selected = new HashSet<>();
        for (CompletedPart part : finished.get().selection()) {
            selected.add(part.partNumber());
        }
        for (PartRecord part : finished.get().parts()) {
            if (!selected.contains(part.number())) {
                releaseQuietly(part.blob());
            }
        }
    }

    private void abortOpenUploads(BucketRecord bucket) {
        UploadScanStart start = UploadScanStart.first();
        while (true) {
            List<UploadRecord> page = uploads.listUploads(bucket, start, "", PAGE);
            for (UploadRecord upload : page) {
                if (upload.state() != UploadState.OPEN) {
                    continue; // a completion in flight: its object would make the bucket not empty
                }
                try {
                    for (PartRecord part : uploads.abortUpload(bucket, upload.info().key(), upload.info().uploadId())) {
                        releaseQuietly(part.blob());
                    }
                } catch (StoreException e) {
                    if (e.error() != StoreError.NO_SUCH_UPLOAD && e.error() != StoreError.CONFLICT) {
                        throw e;
                    }
                    // Completed or aborted meanwhile, or being completed right now.
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            UploadInfo last = page.get(page.size() - 1).info();
            start = UploadScanStart.afterUpload(last.key().value(), last.uploadId());
        }
    }

    /**
     * A new upload id: 16 hex digits of hybrid logical time (so ids sort as their uploads
     * started), 4 of zone id and 32 of random, so that ids are unique across zones and cannot be
     * guessed.
     */
    private String newUploadId() {
        HybridLogicalClock.Timestamp now = versionClock.tick();
        long time = now.physicalMillis() << 16 | now.logical();
        return HEX.toHexDigits(time) + HEX.toHexDigits((short) zone) + HEX.toHexDigits(random.nextLong())
                + HEX.toHexDigits(random.nextLong());
    }

    private static void requireWellFormed(String uploadId) {
        if (!UploadInfo.isWellFormedId(uploadId)) {
            throw noSuchUpload();
        }
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

    private static void checkDigest(byte[] expected, byte[] digest) {
        if (expected != null && !MessageDigest.isEqual(digest, expected)) {
            throw new StoreException(StoreError.BAD_DIGEST,
                    "The Content-MD5 you specified did not match what we received.");
        }
    }

    /**
     * Copies exactly {@code length} bytes and checks that the source ends there. Failures of the
     * source are the client's and propagate as they are; failures of the sink are the store's.
     */
    private static void copy(InputStream data, BlobWriter writer, BodyDigests digests, long length)
            throws IOException {
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(length, 1))];
        long remaining = length;
        while (remaining > 0) {
            int n = data.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new StoreException(StoreError.INCOMPLETE_BODY,
                        "You did not provide the number of bytes specified by the Content-Length HTTP header.");
            }
            digests.update(buffer, 0, n);
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

    /**
     * Releases a new blob whose row (or part record) write failed, unless the failure leaves it
     * unknown whether the write happened: a metadata store that timed out may have applied it, and
     * a row pointing at released bytes is worse than bytes left for the collector.
     */
    private void releaseUnlessMaybeStored(BlobRef blob, RuntimeException failure) {
        if (failure instanceof StoreException e && e.error() != StoreError.UNAVAILABLE
                && e.error() != StoreError.INTERNAL) {
            releaseQuietly(blob);
        }
    }

    /** Releases the blobs of a row that is gone, unless other rows may share them. */
    private void releaseRow(ObjectRecord row) {
        if (row.sharedBlobs()) {
            return; // left for a collector that checks every reference
        }
        for (BlobRef blob : row.blobs()) {
            releaseQuietly(blob);
        }
    }

    private void releaseQuietly(BlobRef blob) {
        try {
            blobs.release(blob);
        } catch (IOException | UncheckedIOException e) {
            // Unreleased bytes are only garbage for the collector; the row change already stands.
        }
    }

    private static StoreException notEmpty() {
        return new StoreException(StoreError.BUCKET_NOT_EMPTY, "The bucket you tried to delete is not empty");
    }

    private static StoreException noSuchUpload() {
        return new StoreException(StoreError.NO_SUCH_UPLOAD, "The specified multipart upload does not exist. The "
                + "upload ID may be invalid, or the multipart upload may have been aborted or completed.");
    }

    private static StoreException completing() {
        return new StoreException(StoreError.CONFLICT,
                "The multipart upload is being completed; its parts can no longer change.");
    }

    private static StoreException unavailable(IOException e) {
        return new StoreException(StoreError.UNAVAILABLE, "The data store failed: " + e.getMessage(), e);
    }

    /** The digests computed over a body as it is stored: its MD5, and the additional checksum asked for. */
    private static final class BodyDigests {
        final MessageDigest md5 = md5();
        private final ChecksumAlgorithm algorithm;
        private final ChecksumAlgorithm.Running checksum;

        BodyDigests(ChecksumAlgorithm algorithm) {
            this.algorithm = algorithm;
            this.checksum = algorithm == null ? null : algorithm.start();
        }

        void update(byte[] bytes, int offset, int length) {
            md5.update(bytes, offset, length);
            if (checksum != null) {
                checksum.update(bytes, offset, length);
            }
        }

        /**
         * The additional checksum of the body, or null if none was asked for; call once, after the
         * body was read.
         *
         * @throws StoreException BAD_DIGEST if it differs from {@code expected}
         */
        ObjectChecksum checksum(String expected) {
            if (checksum == null) {
                return null;
            }
            String computed = checksum.finish();
            if (expected != null && !expected.equals(computed)) {
                throw new StoreException(StoreError.BAD_DIGEST,
                        "The " + algorithm.displayName() + " you specified did not match the calculated checksum.");
            }
            return ObjectChecksum.fullObject(algorithm, computed);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
