package io.granary.metadata.hbase;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.model.BucketName;
import io.granary.core.model.ObjectKey;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.MetadataCatalog;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.spi.RowChange;
import io.granary.core.spi.RowGuard;
import io.granary.core.spi.ScanStart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;

/**
 * {@link MetadataCatalog} on HBase: one row per bucket, one row per object ({@link Schema} has the
 * layout). Every change is a single-row {@code checkAndMutate}, so it is atomic, and a put or delete
 * returns exactly the row it replaced or removed: it reads the row, asks the caller's guard, then
 * writes on condition that the row is still what it read, and starts over if another writer got
 * there first.
 *
 * <p>{@link #deleteBucketIfEmpty} checks for rows and then deletes the bucket row, which is two
 * steps: an object written into the bucket in between is left under a bucket id that no bucket
 * has any more, invisible, for a collector to reclaim.
 *
 * <p>Thread-safe. {@link #close()} does nothing: the connection belongs to {@link HBaseMetadata}.
 */
final class HBaseCatalog implements MetadataCatalog {
    /**
     * Conditional writes lost in a row before giving up. Each loss means another writer succeeded,
     * so only a storm of writers on one key ever gets here.
     */
    private static final int MAX_ATTEMPTS = 100;

    private final Connection connection;
    private final Schema schema;

    HBaseCatalog(Connection connection, Schema schema) {
        this.connection = connection;
        this.schema = schema;
    }

    @Override
    public Optional<BucketRecord> createBucket(BucketRecord bucket) {
        byte[] row = BucketRowCodec.row(bucket.info().name());
        Put put = new Put(row)
                .addColumn(Schema.BUCKET_FAMILY, Schema.BUCKET_ID, BucketRowCodec.id(bucket.id()))
                .addColumn(Schema.BUCKET_FAMILY, Schema.BUCKET_INFO, BucketRowCodec.info(bucket.info()));
        return HBaseErrors.call("CreateBucket", () -> {
            try (Table buckets = connection.getTable(schema.buckets())) {
                for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                    CheckAndMutate create = CheckAndMutate.newBuilder(row)
                            .ifNotExists(Schema.BUCKET_FAMILY, Schema.BUCKET_ID).build(put);
                    if (buckets.checkAndMutate(create).isSuccess()) {
                        return Optional.empty();
                    }
                    Optional<BucketRecord> existing = readBucket(buckets, row);
                    if (existing.isPresent()) {
                        return existing;
                    }
                    // It was deleted between our two calls: try to create it again.
                }
                throw contention("CreateBucket", bucket.info().name().value());
            }
        });
    }

    @Override
    public Optional<BucketRecord> findBucket(BucketName name) {
        return HBaseErrors.call("FindBucket", () -> {
            try (Table buckets = connection.getTable(schema.buckets())) {
                return readBucket(buckets, BucketRowCodec.row(name));
            }
        });
    }

    @Override
    public List<BucketRecord> listBuckets() {
        return HBaseErrors.call("ListBuckets", () -> {
            List<BucketRecord> all = new ArrayList<>();
            try (Table buckets = connection.getTable(schema.buckets());
                    ResultScanner scanner = buckets.getScanner(new Scan().addFamily(Schema.BUCKET_FAMILY))) {
                for (Result result = scanner.next(); result != null; result = scanner.next()) {
                    all.add(decodeBucket(result));
                }
            }
            return all;
        });
    }

    @Override
    public boolean deleteBucketIfEmpty(BucketRecord bucket) {
        return HBaseErrors.call("DeleteBucket", () -> {
            ScanBounds everyRow = new ScanBounds(ObjectRowKeys.bucketStart(bucket.id()), true,
                    ObjectRowKeys.bucketStop(bucket.id()));
            try (CellTable objects = objects()) {
                if (!objects.scan(everyRow, 1, true).isEmpty()) {
                    return false;
                }
            }
            byte[] row = BucketRowCodec.row(bucket.info().name());
            try (Table buckets = connection.getTable(schema.buckets())) {
                // Conditioned on the id, so a stale call never deletes a bucket created again since.
                buckets.checkAndMutate(CheckAndMutate.newBuilder(row)
                        .ifEquals(Schema.BUCKET_FAMILY, Schema.BUCKET_ID, BucketRowCodec.id(bucket.id()))
                        .build(new Delete(row)));
            }
            return true;
        });
    }

    @Override
    public RowChange putObject(BucketRecord bucket, ObjectRecord record, RowGuard guard) {
        if (!record.info().bucket().equals(bucket.info().name())) {
            throw new IllegalArgumentException("row of bucket " + record.info().bucket() + " put into " + bucket.info().name());
        }
        ObjectKey key = record.info().key();
        byte[] row = ObjectRowKeys.row(bucket.id(), key);
        byte[] value = ObjectRowCodec.encode(record);
        return HBaseErrors.call("PutObject", () -> {
            try (CellTable objects = objects()) {
                for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                    byte[] current = objects.read(row);
                    // Decoded before the write, so a damaged row fails the put instead of being lost.
                    Optional<ObjectRecord> replaced = decodeObject(bucket, key, current);
                    if (!guard.allows(replaced)) {
                        return new RowChange(false, replaced);
                    }
                    if (objects.putIfUnchanged(row, current, value)) {
                        return new RowChange(true, replaced);
                    }
                }
                throw contention("PutObject", key.value());
            }
        });
    }

    @Override
    public Optional<ObjectRecord> findObject(BucketRecord bucket, ObjectKey key) {
        return HBaseErrors.call("FindObject", () -> {
            try (CellTable objects = objects()) {
                return decodeObject(bucket, key, objects.read(ObjectRowKeys.row(bucket.id(), key)));
            }
        });
    }

    @Override
    public RowChange deleteObject(BucketRecord bucket, ObjectKey key, RowGuard guard) {
        byte[] row = ObjectRowKeys.row(bucket.id(), key);
        return HBaseErrors.call("DeleteObject", () -> {
            try (CellTable objects = objects()) {
                for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                    byte[] current = objects.read(row);
                    if (current == null) {
                        return new RowChange(true, Optional.empty());
                    }
                    Optional<ObjectRecord> removed = decodeObject(bucket, key, current);
                    if (!guard.allows(removed)) {
                        return new RowChange(false, removed);
                    }
                    if (objects.deleteIfUnchanged(row, current)) {
                        return new RowChange(true, removed);
                    }
                }
                throw contention("DeleteObject", key.value());
            }
        });
    }

    @Override
    public List<ObjectRecord> scan(BucketRecord bucket, ScanStart start, String prefix, int limit) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(prefix, "prefix");
        ScanBounds bounds = ObjectRowKeys.bounds(bucket.id(), start, prefix);
        return HBaseErrors.call("ScanObjects", () -> {
            List<ObjectRecord> page = new ArrayList<>();
            try (CellTable objects = objects()) {
                for (CellTable.Cell cell : objects.scan(bounds, limit, false)) {
                    ObjectKey key = ObjectRowKeys.key(bucket.id(), cell.row());
                    page.add(ObjectRowCodec.decode(bucket.info().name(), key, cell.value()));
                }
            }
            return page;
        });
    }

    @Override
    public void close() {
        // The connection is shared; HBaseMetadata closes it.
    }

    private CellTable objects() throws IOException {
        return new CellTable(connection, schema.objects(), Schema.OBJECT_FAMILY, Schema.OBJECT_ROW);
    }

    private static Optional<BucketRecord> readBucket(Table buckets, byte[] row) throws IOException {
        Result result = buckets.get(new Get(row).addFamily(Schema.BUCKET_FAMILY));
        return result.isEmpty() ? Optional.empty() : Optional.of(decodeBucket(result));
    }

    private static BucketRecord decodeBucket(Result result) {
        return BucketRowCodec.decode(result.getRow(),
                result.getValue(Schema.BUCKET_FAMILY, Schema.BUCKET_ID),
                result.getValue(Schema.BUCKET_FAMILY, Schema.BUCKET_INFO));
    }

    private static Optional<ObjectRecord> decodeObject(BucketRecord bucket, ObjectKey key, byte[] value) {
        return value == null ? Optional.empty() : Optional.of(ObjectRowCodec.decode(bucket.info().name(), key, value));
    }

    private static StoreException contention(String operation, String name) {
        return new StoreException(StoreError.UNAVAILABLE,
                operation + " gave up: " + name + " kept changing under concurrent writers; try again");
    }
}
