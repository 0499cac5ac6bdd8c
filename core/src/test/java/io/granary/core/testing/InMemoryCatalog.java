package io.granary.core.testing;

import io.granary.core.model.BucketName;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.Utf8Order;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.MetadataCatalog;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.spi.RowChange;
import io.granary.core.spi.RowGuard;
import io.granary.core.spi.ScanStart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link MetadataCatalog} in memory, for tests. Guards run under the catalog's lock, so a guard
 * must not call back into this catalog.
 */
public final class InMemoryCatalog implements MetadataCatalog {
    private final Map<BucketName, BucketRecord> buckets = new TreeMap<>();
    private final Map<Long, NavigableMap<String, ObjectRecord>> objects = new ConcurrentHashMap<>();

    @Override
    public synchronized Optional<BucketRecord> createBucket(BucketRecord bucket) {
        BucketRecord existing = buckets.putIfAbsent(bucket.info().name(), bucket);
        return Optional.ofNullable(existing);
    }

    @Override
    public synchronized Optional<BucketRecord> findBucket(BucketName name) {
        return Optional.ofNullable(buckets.get(name));
    }

    @Override
    public synchronized List<BucketRecord> listBuckets() {
        return List.copyOf(buckets.values());
    }

    @Override
    public synchronized boolean deleteBucketIfEmpty(BucketRecord bucket) {
        if (!rows(bucket).isEmpty()) {
            return false;
        }
        buckets.remove(bucket.info().name(), bucket);
        return true;
    }

    @Override
    public synchronized RowChange putObject(BucketRecord bucket, ObjectRecord record, RowGuard guard) {
        String key = record.info().key().value();
        Optional<ObjectRecord> current = Optional.ofNullable(rows(bucket).get(key));
        if (!guard.allows(current)) {
            return new RowChange(false, current);
        }
        rows(bucket).put(key, record);
        return new RowChange(true, current);
    }

    @Override
    public synchronized Optional<ObjectRecord> findObject(BucketRecord bucket, ObjectKey key) {
        return Optional.ofNullable(rows(bucket).get(key.value()));
    }

    @Override
    public synchronized RowChange deleteObject(BucketRecord bucket, ObjectKey key, RowGuard guard) {
        Optional<ObjectRecord> current = Optional.ofNullable(rows(bucket).get(key.value()));
        if (current.isEmpty()) {
            return new RowChange(true, current);
        }
        if (!guard.allows(current)) {
            return new RowChange(false, current);
        }
        rows(bucket).remove(key.value());
        return new RowChange(true, current);
    }

    @Override
    public synchronized List<ObjectRecord> scan(BucketRecord bucket, ScanStart start, String prefix, int limit) {
        NavigableMap<String, ObjectRecord> rows = rows(bucket);
        String skip = null;
        NavigableMap<String, ObjectRecord> view = rows.tailMap(prefix, true);
        if (start instanceof ScanStart.After after && Utf8Order.compare(after.key(), prefix) >= 0) {
            view = rows.tailMap(after.key(), false);
        } else if (start instanceof ScanStart.Beyond beyond && Utf8Order.compare(beyond.prefix(), prefix) >= 0) {
            view = rows.tailMap(beyond.prefix(), true);
            skip = beyond.prefix();
        }
        List<ObjectRecord> page = new ArrayList<>();
        for (Map.Entry<String, ObjectRecord> e : view.entrySet()) {
            String key = e.getKey();
            if (skip != null && key.startsWith(skip)) {
                continue;
            }
            if (page.size() == limit || !key.startsWith(prefix)) {
                break;
            }
            page.add(e.getValue());
        }
        return page;
    }

    @Override
    public void close() {
    }

    private NavigableMap<String, ObjectRecord> rows(BucketRecord bucket) {
        return objects.computeIfAbsent(bucket.id(), id -> new TreeMap<>(Utf8Order.COMPARATOR));
    }
}
