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
 *
 * <p>Format 3, written for rows that formats 1 and 2 cannot hold (an additional checksum, blobs
 * shared with other rows): the format byte {@code 3}, a flags varint ({@link #MULTIPART},
 * {@link #CHECKSUM}, {@link #SHARED_BLOBS}), the fields of format 1 up to the storage class, the
 * blob section of format 1 or, with {@code MULTIPART}, of format 2, then with {@code CHECKSUM} the
 * checksum's algorithm, type and value (text each). Rows that need no flag but {@code MULTIPART}
 * stay in formats 1 and 2, so a gateway of an earlier version still reads them.
 *
 * <p>Field encodings are {@link FieldWriter}'s. A change of layout takes a new format byte or
 * flag, and readers keep decoding the old ones.
 */
final class ObjectRowCodec {
    /** The format of single-PUT rows. */
    static final int FORMAT = 1;
    /** The format of multipart rows. */
    static final int MULTIPART_FORMAT = 2;
    /** The format with flags. */
    static final int FLAGGED_FORMAT = 3;
    static final int MULTIPART = 1;
    static final int CHECKSUM = 2;
    static final int SHARED_BLOBS = 4;

    private ObjectRowCodec() {
    }

    static byte[] encode(ObjectRecord record) {
        ObjectInfo info = record.info();
        boolean multipart = record.uploadId() != null;
        ObjectChecksum checksum = info.checksum();
        int flags = (multipart ? MULTIPART : 0) | (checksum != null ? CHECKSUM : 0)
                | (record.sharedBlobs() ? SHARED_BLOBS : 0);
        FieldWriter out = new FieldWriter();
        if ((flags & ~MULTIPART) == 0) {
            out.writeByte(multipart ? MULTIPART_FORMAT : FORMAT);
        } else {
            out.writeByte(FLAGGED_FORMAT).writeVarLong(flags);
        }
        out.writeVarLong(info.size())
                .writeText(info.etag())
                .writeInstant(info.lastModified())
                .writeText(info.versionId().toString())
                .writeContentHeaders(info.headers());
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
        int flags = switch (format) {
            case FORMAT -> 0;
            case MULTIPART_FORMAT -> MULTIPART;
            case FLAGGED_FORMAT -> flags(in.readVarLong());
            default -> throw new MalformedRowException("unknown object row format " + format);
        };
        boolean multipart = (flags & MULTIPART) != 0;
        long size = in.readVarLong();
        String etag = in.readText();
        Instant lastModified = in.readInstant();
        VersionId versionId = versionId(in.readText());
        ContentHeaders headers = in.readContentHeaders();
        Map<String, String> metadata = in.readTextMap();
        String storageClass = in.readText();
        try {
            List<BlobRef> blobs;
            long partCount = 0;
            String uploadId = null;
            if (!multipart) {
                long blobLength = in.readVarLong();
                blobs = List.of(new BlobRef(blobLength, in.readBytes()));
            } else {
                partCount = in.readVarLong();
                uploadId = in.readOptionalText();
                long blobCount = in.readVarLong();
                if (partCount > ObjectInfo.MAX_PARTS || blobCount > ObjectInfo.MAX_PARTS) {
                    throw new MalformedRowException("too many parts: " + partCount + ", " + blobCount + " blobs");
                }
                blobs = new ArrayList<>((int) blobCount);
                for (long i = 0; i < blobCount; i++) {
                    long length = in.readVarLong();
                    blobs.add(new BlobRef(length, in.readBytes()));
                }
            }
            ObjectChecksum checksum = (flags & CHECKSUM) != 0 ? readChecksum(in) : null;
            in.finish();
            ObjectInfo info = new ObjectInfo(bucket, key, size, etag, lastModified, versionId, headers, metadata,
                    storageClass, (int) partCount, checksum);
            return new ObjectRecord(info, blobs, uploadId, (flags & SHARED_BLOBS) != 0);
        } catch (IllegalArgumentException e) {
            throw new MalformedRowException("inconsistent object row: " + e.getMessage(), e);
        }
    }

    private static int flags(long flags) {
        if ((flags & ~(long) (MULTIPART | CHECKSUM | SHARED_BLOBS)) != 0) {
            throw new MalformedRowException("unknown object row flags " + flags);
        }
        return (int) flags;
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
