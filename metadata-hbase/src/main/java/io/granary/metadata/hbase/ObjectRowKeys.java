package io.granary.metadata.hbase;

import io.granary.core.StoreException;
import io.granary.core.model.ObjectKey;
import io.granary.core.spi.ScanStart;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Row keys of the objects table: the bucket id as 8 bytes big-endian, the key's UTF-8 bytes, and a
 * 0x00 terminator. Keys never hold NUL, so the terminator sorts below every byte that can follow a
 * key as a prefix of a longer one, and rows of a bucket sort in UTF-8 byte order of their keys: the
 * order ListObjects promises. UTF-8 never holds 0xFF, so "prefix followed by 0xFF" sorts after every
 * key with that prefix and before every later key; scan bounds are built from that.
 */
final class ObjectRowKeys {
    static final int BUCKET_ID_BYTES = Long.BYTES;
    static final int TERMINATOR = 0x00;
    static final int PAST_PREFIX = 0xFF;

    private ObjectRowKeys() {
    }

    static byte[] row(long bucketId, ObjectKey key) {
        return row(bucketId, key.value());
    }

    /** The first row key any object of the bucket can have. */
    static byte[] bucketStart(long bucketId) {
        return withBucket(bucketId).toByteArray();
    }

    /** Just past the last row key any object of the bucket can have. */
    static byte[] bucketStop(long bucketId) {
        ByteArrayOutputStream out = withBucket(bucketId);
        out.write(PAST_PREFIX);
        return out.toByteArray();
    }

    /**
     * The key a row of {@code bucketId} holds.
     *
     * @throws MalformedRowException if the row key is not one of that bucket's object rows
     */
    static ObjectKey key(long bucketId, byte[] row) {
        byte[] bucket = bucketStart(bucketId);
        if (row.length < BUCKET_ID_BYTES + 2
                || !Arrays.equals(row, 0, BUCKET_ID_BYTES, bucket, 0, BUCKET_ID_BYTES)
                || row[row.length - 1] != TERMINATOR) {
            throw new MalformedRowException("not an object row of bucket " + bucketId);
        }
        String text = Utf8Bytes.decode(row, BUCKET_ID_BYTES, row.length - BUCKET_ID_BYTES - 1);
        try {
            return ObjectKey.of(text);
        } catch (StoreException e) {
            throw new MalformedRowException("object row holds an invalid key", e);
        }
    }

    /**
     * The rows a {@link io.granary.core.spi.MetadataCatalog#scan} reads: keys starting with
     * {@code prefix}, from {@code start} on. The range never reaches outside the prefix, and is
     * empty when the start lies past it.
     */
    static ScanBounds bounds(long bucketId, ScanStart start, String prefix) {
        byte[] lower = concat(bucketId, prefix, -1);
        byte[] stop = concat(bucketId, prefix, PAST_PREFIX);
        if (prefix.indexOf('\0') >= 0) {
            // No key holds NUL, so nothing matches; the encoded prefix would not bound the scan.
            return new ScanBounds(lower, true, lower);
        }
        ScanBounds fromPrefix = new ScanBounds(lower, true, stop);
        if (start instanceof ScanStart.After after) {
            return later(fromPrefix, new ScanBounds(row(bucketId, after.key()), false, stop));
        }
        if (start instanceof ScanStart.Beyond beyond) {
            return later(fromPrefix, new ScanBounds(concat(bucketId, beyond.prefix(), PAST_PREFIX), true, stop));
        }
        return fromPrefix;
    }

    /** Of two ranges with the same stop, the one that starts later (the exclusive one on a tie). */
    static ScanBounds later(ScanBounds one, ScanBounds other) {
        int order = Arrays.compareUnsigned(one.start(), other.start());
        if (order != 0) {
            return order > 0 ? one : other;
        }
        return one.startInclusive() ? other : one;
    }

    private static byte[] row(long bucketId, String key) {
        return concat(bucketId, key, TERMINATOR);
    }

    /** Bucket id, then {@code text}, then {@code last} unless it is negative. */
    static byte[] concat(long bucketId, String text, int last) {
        ByteArrayOutputStream out = withBucket(bucketId);
        Utf8Bytes.encode(text, out);
        if (last >= 0) {
            out.write(last);
        }
        return out.toByteArray();
    }

    private static ByteArrayOutputStream withBucket(long bucketId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bucketId >>> shift));
        }
        return out;
    }
}
