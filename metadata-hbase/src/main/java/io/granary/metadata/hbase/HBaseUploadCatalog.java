package io.granary.metadata.hbase;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.model.CompletedPart;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.UploadInfo;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.FinishedUpload;
import io.granary.core.spi.PartRecord;
import io.granary.core.spi.UploadCatalog;
import io.granary.core.spi.UploadRecord;
import io.granary.core.spi.UploadScanStart;
import io.granary.core.spi.UploadSnapshot;
import io.granary.core.spi.UploadState;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;

/**
 * {@link UploadCatalog} on HBase: one row per upload, holding the upload, its state and every part
 * ({@link Schema}, {@link UploadRowCodec}), so that each change to an upload is a single-row
 * {@code checkAndMutate}. Every change is conditioned on the state cell as it was read, and every
 * change to the parts of an open upload writes a new state stamp; so a condition on the state cell
 * holds only if nothing in the row changed, parts included. A writer that loses the race reads the
 * row again and starts over.
 *
 * <p>A row of 10,000 parts is about a megabyte, read whole when parts are listed or the upload is
 * frozen: bounded, and far below HBase's row size limits.
 *
 * <p>Thread-safe. {@link #close()} does nothing: the connection belongs to {@link HBaseMetadata}.
 */
final class HBaseUploadCatalog implements UploadCatalog {
    /**
     * Conditional writes lost in a row before giving up. Parts of one upload uploaded in parallel
     * contend for its row, but each write is short next to the upload of a part.
     */
    private static final int MAX_ATTEMPTS = 100;

    private final Connection connection;
    private final Schema schema;
    private final RandomGenerator random = new SecureRandom();

    HBaseUploadCatalog(Connection connection, Schema schema) {
        this.connection = connection;
        this.schema = schema;
    }

    /** An upload row as read: its state cell exactly as stored, decoded, and its parts by number. */
    private record UploadRow(UploadInfo info, byte[] stateCell, UploadRowCodec.State state,
            NavigableMap<Integer, PartRecord> parts) {
    }

    @Override
    public boolean createUpload(BucketRecord bucket, UploadInfo upload) {
        byte[] row = UploadRowKeys.row(bucket.id(), upload.key(), upload.uploadId());
        Put put = new Put(row)
                .addColumn(Schema.UPLOAD_FAMILY, Schema.UPLOAD_INFO, UploadRowCodec.encodeInfo(upload))
                .addColumn(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE, openState());
        return HBaseErrors.call("CreateMultipartUpload", () -> {
            try (Table uploads = uploads()) {
                return uploads.checkAndMutate(CheckAndMutate.newBuilder(row)
                        .ifNotExists(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE).build(put)).isSuccess();
            }
        });
    }

    @Override
    public Optional<UploadRecord> findUpload(BucketRecord bucket, ObjectKey key, String uploadId) {
        byte[] row = UploadRowKeys.row(bucket.id(), key, uploadId);
        return HBaseErrors.call("FindMultipartUpload", () -> {
            try (Table uploads = uploads()) {
                Result result = uploads.get(new Get(row)
                        .addColumn(Schema.UPLOAD_FAMILY, Schema.UPLOAD_INFO)
                        .addColumn(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE));
                return result.isEmpty() ? Optional.empty() : Optional.of(decodeRecord(bucket, result));
            }
        });
    }

    @Override
    public List<UploadRecord> listUploads(BucketRecord bucket, UploadScanStart start, String prefix, int limit) {
        ScanBounds bounds = UploadRowKeys.bounds(bucket.id(), start, prefix);
        return HBaseErrors.call("ListMultipartUploads", () -> {
            List<UploadRecord> page = new ArrayList<>();
            if (bounds.isEmpty() || limit <= 0) {
                return page;
            }
            Scan scan = new Scan()
                    .withStartRow(bounds.start(), bounds.startInclusive())
                    .withStopRow(bounds.stop(), false)
                    .addColumn(Schema.UPLOAD_FAMILY, Schema.UPLOAD_INFO)
                    .addColumn(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE)
                    .setLimit(limit)
                    .setCaching(Math.min(limit, 1000));
            try (Table uploads = uploads(); ResultScanner scanner = uploads.getScanner(scan)) {
                for (Result result = scanner.next(); result != null; result = scanner.next()) {
                    page.add(decodeRecord(bucket, result));
                }
            }
            return page;
        });
    }

    @Override
    public Optional<PartRecord> putPart(BucketRecord bucket, ObjectKey key, String uploadId, PartRecord part) {
        byte[] row = UploadRowKeys.row(bucket.id(), key, uploadId);
        byte[] qualifier = UploadRowKeys.partQualifier(part.number());
        byte[] value = UploadRowCodec.encodePart(part);
        return HBaseErrors.call("UploadPart", () -> {
            try (Table uploads = uploads()) {
                for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                    Result result = uploads.get(new Get(row)
                            .addColumn(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE)
                            .addColumn(Schema.UPLOAD_FAMILY, qualifier));
                    byte[] stateCell = result.getValue(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE);
                    if (stateCell == null) {
                        throw noSuchUpload(uploadId);
                    }
                    if (!(UploadRowCodec.decodeState(stateCell) instanceof UploadRowCodec.State.Open)) {
                        throw completing(uploadId);
                    }
                    byte[] old = result.getValue(Schema.UPLOAD_FAMILY, qualifier);
                    Optional<PartRecord> replaced = old == null
                            ? Optional.empty() : Optional.of(UploadRowCodec.decodePart(part.number(), old));
                    Put put = new Put(row)
                            .addColumn(Schema.UPLOAD_FAMILY, qualifier, value)
                            .addColumn(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE, openState());
                    if (ifStateIs(uploads, row, stateCell, put)) {
                        return replaced;
                    }
                }
                throw contention("UploadPart", uploadId);
            }
        });
    }

    @Override
    public List<PartRecord> listParts(BucketRecord bucket, ObjectKey key, String uploadId, int afterPartNumber,
            int limit) {
        return HBaseErrors.call("ListParts", () -> {
            try (Table uploads = uploads()) {
                UploadRow upload = read(uploads, bucket, key, uploadId).orElseThrow(() -> noSuchUpload(uploadId));
                return upload.parts().tailMap(afterPartNumber, false).values().stream().limit(limit).toList();
            }
        });
    }

    @Override
    public UploadSnapshot beginCompletion(BucketRecord bucket, ObjectKey key, String uploadId,
            List<CompletedPart> selection) {
        byte[] row = UploadRowKeys.row(bucket.id(), key, uploadId);
        UploadRowCodec.State.Completing completing = new UploadRowCodec.State.Completing(selection);
        return HBaseErrors.call("CompleteMultipartUpload", () -> {
            try (Table uploads = uploads()) {
                for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                    UploadRow upload = read(uploads, bucket, key, uploadId).orElseThrow(() -> noSuchUpload(uploadId));
                    UploadSnapshot snapshot = new UploadSnapshot(upload.info(), List.copyOf(upload.parts().values()));
                    if (upload.state() instanceof UploadRowCodec.State.Completing current) {
                        if (current.equals(completing)) {
                            return snapshot;
                        }
                        throw new StoreException(StoreError.CONFLICT, "Upload " + uploadId
                                + " is being completed with other parts");
                    }
                    Put put = new Put(row).addColumn(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE,
                            UploadRowCodec.encodeState(completing));
                    // The condition covers the parts too: any part written since the read changed the stamp.
                    if (ifStateIs(uploads, row, upload.stateCell(), put)) {
                        return snapshot;
                    }
                }
                throw contention("CompleteMultipartUpload", uploadId);
            }
        });
    }

    @Override
    public void cancelCompletion(BucketRecord bucket, ObjectKey key, String uploadId, List<CompletedPart> selection) {
        byte[] row = UploadRowKeys.row(bucket.id(), key, uploadId);
        byte[] completing = UploadRowCodec.encodeState(new UploadRowCodec.State.Completing(selection));
        HBaseErrors.call("CompleteMultipartUpload", () -> {
            try (Table uploads = uploads()) {
                // Only this very completion is undone; if the state is anything else, so be it.
                ifStateIs(uploads, row, completing, new Put(row)
                        .addColumn(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE, openState()));
            }
            return null;
        });
    }

    @Override
    public Optional<FinishedUpload> finishCompletion(BucketRecord bucket, ObjectKey key, String uploadId) {
        byte[] row = UploadRowKeys.row(bucket.id(), key, uploadId);
        return HBaseErrors.call("CompleteMultipartUpload", () -> {
            try (Table uploads = uploads()) {
                for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                    Optional<UploadRow> read = read(uploads, bucket, key, uploadId);
                    if (read.isEmpty() || !(read.get().state() instanceof UploadRowCodec.State.Completing completing)) {
                        return Optional.empty();
                    }
                    if (ifStateIs(uploads, row, read.get().stateCell(), new Delete(row))) {
                        return Optional.of(new FinishedUpload(completing.selection(),
                                List.copyOf(read.get().parts().values())));
                    }
                }
                throw contention("CompleteMultipartUpload", uploadId);
            }
        });
    }

    @Override
    public List<PartRecord> abortUpload(BucketRecord bucket, ObjectKey key, String uploadId) {
        byte[] row = UploadRowKeys.row(bucket.id(), key, uploadId);
        return HBaseErrors.call("AbortMultipartUpload", () -> {
            try (Table uploads = uploads()) {
                for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                    UploadRow upload = read(uploads, bucket, key, uploadId).orElseThrow(() -> noSuchUpload(uploadId));
                    if (!(upload.state() instanceof UploadRowCodec.State.Open)) {
                        throw completing(uploadId);
                    }
                    // Conditioned on the stamp: a part written meanwhile is either seen here or refused.
                    if (ifStateIs(uploads, row, upload.stateCell(), new Delete(row))) {
                        return List.copyOf(upload.parts().values());
                    }
                }
                throw contention("AbortMultipartUpload", uploadId);
            }
        });
    }

    @Override
    public void close() {
        // The connection is shared; HBaseMetadata closes it.
    }

    private Table uploads() throws IOException {
        return connection.getTable(schema.uploads());
    }

    /** An open state with a stamp no earlier state of the row had (with overwhelming odds). */
    private byte[] openState() {
        return UploadRowCodec.encodeState(new UploadRowCodec.State.Open(random.nextLong()));
    }

    private static boolean ifStateIs(Table uploads, byte[] row, byte[] stateCell, Mutation mutation)
            throws IOException {
        CheckAndMutate.Builder condition = CheckAndMutate.newBuilder(row)
                .ifEquals(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE, stateCell);
        CheckAndMutate check = mutation instanceof Put put ? condition.build(put) : condition.build((Delete) mutation);
        return uploads.checkAndMutate(check).isSuccess();
    }

    private static Optional<UploadRow> read(Table uploads, BucketRecord bucket, ObjectKey key, String uploadId)
            throws IOException {
        byte[] row = UploadRowKeys.row(bucket.id(), key, uploadId);
        Result result = uploads.get(new Get(row).addFamily(Schema.UPLOAD_FAMILY));
        if (result.isEmpty()) {
            return Optional.empty();
        }
        byte[] infoCell = result.getValue(Schema.UPLOAD_FAMILY, Schema.UPLOAD_INFO);
        byte[] stateCell = result.getValue(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE);
        if (infoCell == null || stateCell == null) {
            throw new MalformedRowException("upload row lacks its info or state cell");
        }
        UploadInfo info = UploadRowCodec.decodeInfo(bucket.info().name(),
                new UploadRowKeys.Address(key, uploadId), infoCell);
        NavigableMap<Integer, PartRecord> parts = new TreeMap<>();
        for (Map.Entry<byte[], byte[]> cell : result.getFamilyMap(Schema.UPLOAD_FAMILY).entrySet()) {
            int number = UploadRowKeys.partNumber(cell.getKey());
            if (number > 0) {
                parts.put(number, UploadRowCodec.decodePart(number, cell.getValue()));
            }
        }
        return Optional.of(new UploadRow(info, stateCell, UploadRowCodec.decodeState(stateCell), parts));
    }

    private static UploadRecord decodeRecord(BucketRecord bucket, Result result) {
        byte[] infoCell = result.getValue(Schema.UPLOAD_FAMILY, Schema.UPLOAD_INFO);
        byte[] stateCell = result.getValue(Schema.UPLOAD_FAMILY, Schema.UPLOAD_STATE);
        if (infoCell == null || stateCell == null) {
            throw new MalformedRowException("upload row lacks its info or state cell");
        }
        UploadInfo info = UploadRowCodec.decodeInfo(bucket.info().name(),
                UploadRowKeys.address(bucket.id(), result.getRow()), infoCell);
        UploadState state = UploadRowCodec.decodeState(stateCell) instanceof UploadRowCodec.State.Open
                ? UploadState.OPEN : UploadState.COMPLETING;
        return new UploadRecord(info, state);
    }

    private static StoreException noSuchUpload(String uploadId) {
        return new StoreException(StoreError.NO_SUCH_UPLOAD, "The specified multipart upload " + uploadId
                + " does not exist");
    }

    private static StoreException completing(String uploadId) {
        return new StoreException(StoreError.CONFLICT, "Upload " + uploadId
                + " is being completed; its parts can no longer change");
    }

    private static StoreException contention(String operation, String uploadId) {
        return new StoreException(StoreError.UNAVAILABLE,
                operation + " gave up: upload " + uploadId + " kept changing under concurrent writers; try again");
    }
}
