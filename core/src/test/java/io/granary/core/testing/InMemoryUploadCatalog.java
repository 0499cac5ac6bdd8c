package io.granary.core.testing;

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
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** An {@link UploadCatalog} in memory, for tests. */
public final class InMemoryUploadCatalog implements UploadCatalog {
    /** Where an upload sits: bucket id, then key in UTF-8 order, then upload id. */
    private record Position(long bucketId, String key, String uploadId) {
    }

    private static final Comparator<Position> ORDER = Comparator.comparingLong(Position::bucketId)
            .thenComparing(Position::key, Utf8Order.COMPARATOR)
            .thenComparing(Position::uploadId);

    private static final class Upload {
        final UploadInfo info;
        final NavigableMap<Integer, PartRecord> parts = new TreeMap<>();
        List<CompletedPart> completing;

        Upload(UploadInfo info) {
            this.info = info;
        }

        UploadRecord record() {
            return new UploadRecord(info, completing == null ? UploadState.OPEN : UploadState.COMPLETING);
        }
    }

    private final NavigableMap<Position, Upload> uploads = new TreeMap<>(ORDER);

    /** How many uploads are recorded, in every bucket. */
    public synchronized int size() {
        return uploads.size();
    }

    @Override
    public synchronized boolean createUpload(BucketRecord bucket, UploadInfo upload) {
        return uploads.putIfAbsent(position(bucket, upload.key(), upload.uploadId()), new Upload(upload)) == null;
    }

    @Override
    public synchronized Optional<UploadRecord> findUpload(BucketRecord bucket, ObjectKey key, String uploadId) {
        return Optional.ofNullable(uploads.get(position(bucket, key, uploadId))).map(Upload::record);
    }

    @Override
    public synchronized List<UploadRecord> listUploads(BucketRecord bucket, UploadScanStart start, String prefix,
            int limit) {
        List<UploadRecord> page = new ArrayList<>();
        for (Map.Entry<Position, Upload> entry : uploads.tailMap(new Position(bucket.id(), prefix, ""), true).entrySet()) {
            Position at = entry.getKey();
            if (at.bucketId() != bucket.id() || !at.key().startsWith(prefix) || page.size() == limit) {
                break;
            }
            if (isAfter(at, start)) {
                page.add(entry.getValue().record());
            }
        }
        return page;
    }

    private static boolean isAfter(Position at, UploadScanStart start) {
        if (start instanceof UploadScanStart.AfterKey after) {
            return Utf8Order.compare(at.key(), after.key()) > 0;
        }
        if (start instanceof UploadScanStart.AfterUpload after) {
            int order = Utf8Order.compare(at.key(), after.key());
            return order > 0 || (order == 0 && at.uploadId().compareTo(after.uploadId()) > 0);
        }
        if (start instanceof UploadScanStart.Beyond beyond) {
            return !at.key().startsWith(beyond.prefix()) && Utf8Order.compare(at.key(), beyond.prefix()) > 0;
        }
        return true;
    }

    @Override
    public synchronized Optional<PartRecord> putPart(BucketRecord bucket, ObjectKey key, String uploadId,
            PartRecord part) {
        Upload upload = existing(bucket, key, uploadId);
        if (upload.completing != null) {
            throw conflict();
        }
        return Optional.ofNullable(upload.parts.put(part.number(), part));
    }

    @Override
    public synchronized List<PartRecord> listParts(BucketRecord bucket, ObjectKey key, String uploadId,
            int afterPartNumber, int limit) {
        return existing(bucket, key, uploadId).parts.tailMap(afterPartNumber, false).values().stream()
                .limit(limit).toList();
    }

    @Override
    public synchronized UploadSnapshot beginCompletion(BucketRecord bucket, ObjectKey key, String uploadId,
            List<CompletedPart> selection) {
        Upload upload = existing(bucket, key, uploadId);
        if (upload.completing != null && !upload.completing.equals(selection)) {
            throw conflict();
        }
        upload.completing = List.copyOf(selection);
        return new UploadSnapshot(upload.info, List.copyOf(upload.parts.values()));
    }

    @Override
    public synchronized void cancelCompletion(BucketRecord bucket, ObjectKey key, String uploadId,
            List<CompletedPart> selection) {
        Upload upload = uploads.get(position(bucket, key, uploadId));
        if (upload != null && selection.equals(upload.completing)) {
            upload.completing = null;
        }
    }

    @Override
    public synchronized Optional<FinishedUpload> finishCompletion(BucketRecord bucket, ObjectKey key, String uploadId) {
        Position position = position(bucket, key, uploadId);
        Upload upload = uploads.get(position);
        if (upload == null || upload.completing == null) {
            return Optional.empty();
        }
        uploads.remove(position);
        return Optional.of(new FinishedUpload(upload.completing, List.copyOf(upload.parts.values())));
    }

    @Override
    public synchronized List<PartRecord> abortUpload(BucketRecord bucket, ObjectKey key, String uploadId) {
        Upload upload = existing(bucket, key, uploadId);
        if (upload.completing != null) {
            throw conflict();
        }
        uploads.remove(position(bucket, key, uploadId));
        return List.copyOf(upload.parts.values());
    }

    @Override
    public void close() {
    }

    private Upload existing(BucketRecord bucket, ObjectKey key, String uploadId) {
        Upload upload = uploads.get(position(bucket, key, uploadId));
        if (upload == null) {
            throw new StoreException(StoreError.NO_SUCH_UPLOAD, "No upload " + uploadId + " of " + key);
        }
        return upload;
    }

    private static Position position(BucketRecord bucket, ObjectKey key, String uploadId) {
        return new Position(bucket.id(), key.value(), uploadId);
    }

    private static StoreException conflict() {
        return new StoreException(StoreError.CONFLICT, "The upload is being completed");
    }
}
