package io.granary.metadata.hbase;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.checksum.ObjectChecksum;
import io.granary.core.model.BucketName;
import io.granary.core.model.CompletedPart;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.PartInfo;
import io.granary.core.model.UploadInfo;
import io.granary.core.spi.BlobRef;
import io.granary.core.spi.PartRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cells of an upload row, each starting with its format byte ({@code 1}), then
 * {@link FieldWriter}'s encodings:
 *
 * <ul>
 *   <li>{@code i}, the upload: initiated (instant); initiator id (text); content type, encoding,
 *       disposition, language, cache control and expires (optional text each); the number of user
 *       metadata pairs (varint) and each name and value (text), by name; storage class (text).
 *       Written once. The bucket, key and upload id are the row key's.
 *   <li>{@code s}, the state: a kind byte, then for {@link State.Open open} a random 64-bit stamp
 *       (every change to the parts of an open upload writes a new one, so a condition on this cell
 *       is a condition on the whole row), for {@link State.Completing completing} the number of
 *       selected parts (varint) and each one's number (varint) and ETag (text).
 *   <li>{@code p}‖part number: a part: ETag (text); last modified (instant); size (varint); blob
 *       handle (bytes).
 * </ul>
 *
 * <p>Format 2 of the upload and part cells is format 1 followed by the additional checksum: for the
 * upload its algorithm (text), for a part its algorithm and value (text each). It is written only
 * when there is a checksum, so other cells stay readable by a gateway of the previous version.
 */
final class UploadRowCodec {
    static final int FORMAT = 1;
    /** The format of upload and part cells that carry a checksum. */
    static final int CHECKSUM_FORMAT = 2;

    private static final int OPEN = 0;
    private static final int COMPLETING = 1;

    private UploadRowCodec() {
    }

    /** The content of the state cell. */
    sealed interface State {
        /** Open; {@code stamp} changes with every change to the parts. */
        record Open(long stamp) implements State {
        }

        /** Completing with these parts. */
        record Completing(List<CompletedPart> selection) implements State {
            public Completing {
                selection = List.copyOf(selection);
            }
        }
    }

    static byte[] encodeInfo(UploadInfo upload) {
        ContentHeaders headers = upload.headers();
        FieldWriter out = new FieldWriter()
                .writeByte(upload.checksumAlgorithm() == null ? FORMAT : CHECKSUM_FORMAT)
                .writeInstant(upload.initiated())
                .writeText(upload.initiatorId())
                .writeContentHeaders(headers);
        // Sorted, so equal records always encode to equal bytes (conditional writes compare them).
        out.writeTextMap(upload.userMetadata());
        out.writeText(upload.storageClass());
        if (upload.checksumAlgorithm() != null) {
            out.writeText(upload.checksumAlgorithm().displayName());
        }
        return out.toByteArray();
    }

    /**
     * @throws MalformedRowException if {@code value} is not a cell this codec wrote
     */
    static UploadInfo decodeInfo(BucketName bucket, UploadRowKeys.Address address, byte[] value) {
        FieldReader in = new FieldReader(value);
        boolean hasChecksum = readFormat(in, "upload", CHECKSUM_FORMAT) == CHECKSUM_FORMAT;
        Instant initiated = in.readInstant();
        String initiatorId = in.readText();
        ContentHeaders headers = in.readContentHeaders();
        Map<String, String> metadata = in.readTextMap();
        String storageClass = in.readText();
        ChecksumAlgorithm algorithm = hasChecksum ? algorithm(in.readText()) : null;
        in.finish();
        return new UploadInfo(bucket, address.key(), address.uploadId(), initiated, initiatorId, headers, metadata,
                storageClass, algorithm);
    }

    static byte[] encodeState(State state) {
        FieldWriter out = new FieldWriter().writeByte(FORMAT);
        if (state instanceof State.Open open) {
            return out.writeByte(OPEN).writeLong(open.stamp()).toByteArray();
        }
        List<CompletedPart> selection = ((State.Completing) state).selection();
        out.writeByte(COMPLETING).writeVarLong(selection.size());
        for (CompletedPart part : selection) {
            out.writeVarLong(part.partNumber()).writeText(part.etag());
        }
        return out.toByteArray();
    }

    static State decodeState(byte[] value) {
        FieldReader in = new FieldReader(value);
        readFormat(in, "upload state", FORMAT);
        int kind = in.readByte();
        State state;
        if (kind == OPEN) {
            state = new State.Open(in.readLong());
        } else if (kind == COMPLETING) {
            long count = in.readVarLong();
            if (count > ObjectInfo.MAX_PARTS) {
                throw new MalformedRowException("a completion of " + count + " parts");
            }
            List<CompletedPart> selection = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                long number = in.readVarLong();
                if (number > PartInfo.MAX_PART_NUMBER) {
                    throw new MalformedRowException("part number out of range: " + number);
                }
                selection.add(new CompletedPart((int) number, in.readText()));
            }
            state = new State.Completing(selection);
        } else {
            throw new MalformedRowException("unknown upload state " + kind);
        }
        in.finish();
        return state;
    }

    static byte[] encodePart(PartRecord part) {
        ObjectChecksum checksum = part.info().checksum();
        FieldWriter out = new FieldWriter()
                .writeByte(checksum == null ? FORMAT : CHECKSUM_FORMAT)
                .writeText(part.info().etag())
                .writeInstant(part.info().lastModified())
                .writeVarLong(part.info().size())
                .writeBytes(part.blob().handle());
        if (checksum != null) {
            out.writeText(checksum.algorithm().displayName()).writeText(checksum.value());
        }
        return out.toByteArray();
    }

    static PartRecord decodePart(int number, byte[] value) {
        FieldReader in = new FieldReader(value);
        boolean hasChecksum = readFormat(in, "part", CHECKSUM_FORMAT) == CHECKSUM_FORMAT;
        String etag = in.readText();
        Instant lastModified = in.readInstant();
        long size = in.readVarLong();
        byte[] handle = in.readBytes();
        ChecksumAlgorithm algorithm = hasChecksum ? algorithm(in.readText()) : null;
        String checksumValue = hasChecksum ? in.readText() : null;
        in.finish();
        try {
            ObjectChecksum checksum = hasChecksum ? ObjectChecksum.fullObject(algorithm, checksumValue) : null;
            return new PartRecord(new PartInfo(number, etag, size, lastModified, checksum), new BlobRef(size, handle));
        } catch (IllegalArgumentException e) {
            throw new MalformedRowException("inconsistent part cell: " + e.getMessage(), e);
        }
    }

    /** Reads the format byte, which must be from {@link #FORMAT} to {@code newest}, and returns it. */
    private static int readFormat(FieldReader in, String what, int newest) {
        int format = in.readByte();
        if (format < FORMAT || format > newest) {
            throw new MalformedRowException("unknown " + what + " format " + format);
        }
        return format;
    }

    private static ChecksumAlgorithm algorithm(String name) {
        return ChecksumAlgorithm.forName(name)
                .orElseThrow(() -> new MalformedRowException("unknown checksum algorithm " + name));
    }
}
