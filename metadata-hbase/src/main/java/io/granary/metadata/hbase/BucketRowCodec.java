package io.granary.metadata.hbase;

import io.granary.core.StoreException;
import io.granary.core.model.BucketInfo;
import io.granary.core.model.BucketName;
import io.granary.core.spi.BucketRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The cells of a bucket row, whose row key is the bucket name in ASCII (bucket names are ASCII, so
 * rows sort by name). The id cell holds the bucket id as 8 bytes big-endian, on its own so that a
 * delete can be conditioned on it. The info cell holds format 1: the format byte {@code 1}, owner
 * id (text), creation date (instant) and region (text), in {@link FieldWriter}'s encodings.
 */
final class BucketRowCodec {
    static final int FORMAT = 1;

    private BucketRowCodec() {
    }

    static byte[] row(BucketName name) {
        return name.value().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] id(long id) {
        return new FieldWriter().writeLong(id).toByteArray();
    }

    static byte[] info(BucketInfo info) {
        return new FieldWriter()
                .writeByte(FORMAT)
                .writeText(info.ownerId())
                .writeInstant(info.creationDate())
                .writeText(info.region())
                .toByteArray();
    }

    /**
     * @throws MalformedRowException if the cells are not ones this codec wrote
     */
    static BucketRecord decode(byte[] row, byte[] idCell, byte[] infoCell) {
        if (idCell == null || infoCell == null) {
            throw new MalformedRowException("bucket row lacks its id or info cell");
        }
        FieldReader id = new FieldReader(idCell);
        long bucketId = id.readLong();
        id.finish();
        FieldReader in = new FieldReader(infoCell);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new MalformedRowException("unknown bucket row format " + format);
        }
        String ownerId = in.readText();
        Instant creationDate = in.readInstant();
        String region = in.readText();
        in.finish();
        try {
            BucketName name = BucketName.of(new String(row, StandardCharsets.US_ASCII));
            return new BucketRecord(new BucketInfo(name, ownerId, creationDate, region), bucketId);
        } catch (StoreException e) {
            throw new MalformedRowException("bucket row key is not a bucket name", e);
        }
    }
}
