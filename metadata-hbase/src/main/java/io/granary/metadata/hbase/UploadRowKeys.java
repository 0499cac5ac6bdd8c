package io.granary.metadata.hbase;

import io.granary.core.StoreException;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.UploadInfo;
import io.granary.core.spi.UploadScanStart;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Row keys of the uploads table: the object row key of the upload's key ({@link ObjectRowKeys}:
 * bucket id, UTF-8 key, 0x00), then the upload id in ASCII. Keys never hold NUL, so rows sort by
 * key in UTF-8 order and the uploads of one key by id, which is the order ListMultipartUploads
 * promises (ids start with the time the upload started). Upload ids are hex digits, below 0xFF, so
 * "key, 0x00, 0xFF" sorts after every upload of that key and before the next key.
 */
final class UploadRowKeys {
    private UploadRowKeys() {
    }

    /** What a row key names. */
    record Address(ObjectKey key, String uploadId) {
    }

    static byte[] row(long bucketId, ObjectKey key, String uploadId) {
        return row(bucketId, key.value(), uploadId);
    }

    private static byte[] row(long bucketId, String key, String uploadId) {
        byte[] prefix = ObjectRowKeys.concat(bucketId, key, ObjectRowKeys.TERMINATOR);
        byte[] id = uploadId.getBytes(StandardCharsets.US_ASCII);
        byte[] row = Arrays.copyOf(prefix, prefix.length + id.length);
        System.arraycopy(id, 0, row, prefix.length, id.length);
        return row;
    }

    /**
     * The key and upload id a row of {@code bucketId} holds.
     *
     * @throws MalformedRowException if the row key is not one of that bucket's upload rows
     */
    static Address address(long bucketId, byte[] row) {
        byte[] bucket = ObjectRowKeys.bucketStart(bucketId);
        int idBytes = ObjectRowKeys.BUCKET_ID_BYTES;
        if (row.length < idBytes + 2 || !Arrays.equals(row, 0, idBytes, bucket, 0, idBytes)) {
            throw new MalformedRowException("not an upload row of bucket " + bucketId);
        }
        int terminator = idBytes;
        while (terminator < row.length && row[terminator] != ObjectRowKeys.TERMINATOR) {
            terminator++;
        }
        if (terminator == row.length) {
            throw new MalformedRowException("upload row key without a key terminator");
        }
        String uploadId = new String(row, terminator + 1, row.length - terminator - 1, StandardCharsets.US_ASCII);
        if (!UploadInfo.isWellFormedId(uploadId)) {
            throw new MalformedRowException("upload row key holds a malformed upload id");
        }
        try {
            return new Address(ObjectKey.of(Utf8Bytes.decode(row, idBytes, terminator - idBytes)), uploadId);
        } catch (StoreException e) {
            throw new MalformedRowException("upload row holds an invalid key", e);
        }
    }

    /**
     * The rows an {@link io.granary.core.spi.UploadCatalog#listUploads} reads: uploads of keys
     * starting with {@code prefix}, from {@code start} on.
     */
    static ScanBounds bounds(long bucketId, UploadScanStart start, String prefix) {
        byte[] lower = ObjectRowKeys.concat(bucketId, prefix, -1);
        byte[] stop = ObjectRowKeys.concat(bucketId, prefix, ObjectRowKeys.PAST_PREFIX);
        if (prefix.indexOf('\0') >= 0) {
            return new ScanBounds(lower, true, lower);
        }
        ScanBounds fromPrefix = new ScanBounds(lower, true, stop);
        if (start instanceof UploadScanStart.AfterKey after) {
            byte[] pastKey = ObjectRowKeys.concat(bucketId, after.key(), ObjectRowKeys.TERMINATOR);
            pastKey = Arrays.copyOf(pastKey, pastKey.length + 1);
            pastKey[pastKey.length - 1] = (byte) ObjectRowKeys.PAST_PREFIX;
            return ObjectRowKeys.later(fromPrefix, new ScanBounds(pastKey, true, stop));
        }
        if (start instanceof UploadScanStart.AfterUpload after) {
            return ObjectRowKeys.later(fromPrefix,
                    new ScanBounds(row(bucketId, after.key(), after.uploadId()), false, stop));
        }
        if (start instanceof UploadScanStart.Beyond beyond) {
            return ObjectRowKeys.later(fromPrefix, new ScanBounds(
                    ObjectRowKeys.concat(bucketId, beyond.prefix(), ObjectRowKeys.PAST_PREFIX), true, stop));
        }
        return fromPrefix;
    }

    /** The qualifier of part {@code number}'s cell: {@code p} and the number, 4 bytes big-endian. */
    static byte[] partQualifier(int number) {
        return new byte[] {Schema.PART_PREFIX, (byte) (number >>> 24), (byte) (number >>> 16), (byte) (number >>> 8),
            (byte) number};
    }

    /** The part number of a part cell's qualifier, or -1 if the qualifier is not a part's. */
    static int partNumber(byte[] qualifier) {
        if (qualifier.length != 5 || qualifier[0] != Schema.PART_PREFIX) {
            return -1;
        }
        return (qualifier[1] & 0xFF) << 24 | (qualifier[2] & 0xFF) << 16 | (qualifier[3] & 0xFF) << 8
                | qualifier[4] & 0xFF;
    }
}
