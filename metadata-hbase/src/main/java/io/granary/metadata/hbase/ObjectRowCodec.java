package io.granary.metadata.hbase;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.checksum.ObjectChecksum;
import io.granary.core.model.BucketName;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.spi.BlobRef;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.version.VersionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one cell of an object row: everything of an {@link ObjectRecord} but the bucket name and the
 * key, which the caller knows from the bucket and the row key.
 *
 * <p>Format 1, written for objects stored by a single PUT, in order: the format byte {@code 1};
 * size (varint); etag (text); last modified (instant); version id (its 36-character text); content
 * type, encoding, disposition, language, cache control and expires (optional text each); the number
 * of user metadata pairs (varint) and each name and value (text), by name; storage class (text);
 * blob length (varint) and handle (bytes).
 *
 * <p>Format 2, written for multipart objects: the format byte {@code 2}, then the fields of format
 * 1 up to the storage class, then the part count (varint), the upload id (optional text), the
 * number of blobs (varint) and each blob's length (varint) and handle (bytes), in part order.
 * Single-PUT rows stay in format 1 so that a gateway of the previous version still reads every
 * object that is not multipart.
 *
 * <p>Formats 3 and 4 are formats 1 and 2 followed by the object's additional checksum: its
 * algorithm, type and value (text each). They are written only for objects that have one, so rows
 * without a checksum stay readable by a gateway of the previous version.
 *
 * <p>Field encodings are {@link FieldWriter}'s. A change of layout takes a new format byte, and
 * readers keep decoding the old ones.
 */
final class ObjectRowCodec {
    /** The format of single-PUT rows. */
    static final int FORMAT = 1;
    /** The format of multipart rows. */
    static final int MULTIPART_FORMAT = 2;
    /** What a format becomes when the row carries a checksum. */
    static final int WITH_CHECKSUM = 2;

    private ObjectRowCodec() {
    }

    static byte[] encode(ObjectRecord record) {
        ObjectInfo info = record.info();
        boolean multipart = record.uploadId() != null;
        ContentHeaders headers = info.headers();
        ObjectChecksum checksum = info.checksum();
        int format = (multipart ? MULTIPART_FORMAT : FORMAT) + (checksum == null ? 0 : WITH_CHECKSUM);
        FieldWriter out = new FieldWriter()
                .writeByte(format)
                .writeVarLong(info.size())
                .writeText(info.etag())
                .writeInstant(info.lastModified())
                .writeText(info.versionId().toString())
                .writeContentHeaders(headers);
        // Sorted, so equal records always encode to equal bytes (conditional writes compare them).
        out.writeTextMap(info.userMetadata());
        out.writeText(info.storageClass());
        if (!multipart) {
            BlobRef blob = record.blobs().get(0);
            out.writeVarLong(blob.length()).writeBytes(blob.handle());
        } else {
            out.writeVarLong(info.partCount()).writeOptionalText(record.uploadId())
                    .writeVarLong(record.blobs().size());
            for (BlobRef blob : record.blobs()) {
                out.writeVarLong(blob.length()).writeBytes(blob.handle());
            }
        }
        if (checksum != null) {
            out.writeText(checksum.algorithm().displayName()).writeText(checksum.type().name())
                    .writeText(checksum.value());
        }
        return out.toByteArray();
    }

    /**
     * @throws MalformedRowException if {@code value} is not a cell this codec wrote
     */
    static ObjectRecord decode(BucketName bucket, ObjectKey key, byte[] value) {
        FieldReader in = new FieldReader(value);
        int format = in.readByte();
        if (format < FORMAT || format > MULTIPART_FORMAT + WITH_CHECKSUM) {
            throw new MalformedRowException("unknown object row format " + format);
        }
        boolean hasChecksum = format > MULTIPART_FORMAT;
        boolean multipart = (hasChecksum ? format - WITH_CHECKSUM : format) == MULTIPART_FORMAT;
        long size = in.readVarLong();
        String etag = in.readText();
        Instant lastModified = in.readInstant();
        VersionId versionId = versionId(in.readText());
        ContentHeaders headers = in.readContentHeaders();
        Map<String, String> metadata = in.readTextMap();
        String storageClass = in.readText();
        try {
            if (!multipart) {
                long blobLength = in.readVarLong();
                byte[] handle = in.readBytes();
                ObjectChecksum checksum = hasChecksum ? readChecksum(in) : null;
                in.finish();
                ObjectInfo info = new ObjectInfo(bucket, key, size, etag, lastModified, versionId, headers, metadata,
                        storageClass, 0, checksum);
                return new ObjectRecord(info, new BlobRef(blobLength, handle));
            }
            long partCount = in.readVarLong();
            String uploadId = in.readOptionalText();
            long blobCount = in.readVarLong();
            if (partCount > ObjectInfo.MAX_PARTS || blobCount > ObjectInfo.MAX_PARTS) {
                throw new MalformedRowException("too many parts: " + partCount + ", " + blobCount + " blobs");
            }
            List<BlobRef> blobs = new ArrayList<>((int) blobCount);
            for (long i = 0; i < blobCount; i++) {
                long length = in.readVarLong();
                blobs.add(new BlobRef(length, in.readBytes()));
            }
            ObjectChecksum checksum = hasChecksum ? readChecksum(in) : null;
            in.finish();
            ObjectInfo info = new ObjectInfo(bucket, key, size, etag, lastModified, versionId, headers, metadata,
                    storageClass, (int) partCount, checksum);
            return new ObjectRecord(info, blobs, uploadId);
        } catch (IllegalArgumentException e) {
            throw new MalformedRowException("inconsistent object row: " + e.getMessage(), e);
        }
    }

    private static ObjectChecksum readChecksum(FieldReader in) {
        String algorithm = in.readText();
        String type = in.readText();
        String value = in.readText();
        try {
            return new ObjectChecksum(ChecksumAlgorithm.forName(algorithm).orElseThrow(
                    () -> new MalformedRowException("unknown checksum algorithm " + algorithm)),
                    value, ObjectChecksum.Type.valueOf(type));
        } catch (IllegalArgumentException e) {
            throw new MalformedRowException("bad checksum in object row: " + e.getMessage(), e);
        }
    }

    private static VersionId versionId(String text) {
        try {
            return VersionId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedRowException("bad version id in object row", e);
        }
    }
}
