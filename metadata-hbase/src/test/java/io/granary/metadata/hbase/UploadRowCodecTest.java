package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.checksum.ObjectChecksum;
import io.granary.core.model.CompletedPart;
import io.granary.core.model.PartInfo;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.UploadInfo;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.PartRecord;
import io.granary.core.testing.Fixtures;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadRowCodecTest {
    private static final BucketRecord BUCKET = Fixtures.bucket("a".repeat(64));

    @Test
    void uploadsRoundTripEveryField() {
        UploadInfo upload = Fixtures.upload(BUCKET, "dir/ünïcode key+%.bin");
        assertEquals(upload, decodeInfo(upload, UploadRowCodec.encodeInfo(upload)));
        UploadInfo bare = new UploadInfo(BUCKET.info().name(), upload.key(), upload.uploadId(), Instant.EPOCH, "x",
                ContentHeaders.NONE, Map.of(), null);
        assertEquals(bare, decodeInfo(bare, UploadRowCodec.encodeInfo(bare)));
    }

    @Test
    void statesRoundTrip() {
        for (UploadRowCodec.State state : List.of(new UploadRowCodec.State.Open(-42),
                new UploadRowCodec.State.Completing(List.of()),
                new UploadRowCodec.State.Completing(List.of(new CompletedPart(1, "abc"),
                        new CompletedPart(10_000, "0123456789abcdef0123456789abcdef"))))) {
            assertEquals(state, UploadRowCodec.decodeState(UploadRowCodec.encodeState(state)));
        }
    }

    @Test
    void partsRoundTrip() {
        for (PartRecord part : List.of(Fixtures.part(1, 0), Fixtures.part(10_000, 5L << 30))) {
            assertEquals(part, UploadRowCodec.decodePart(part.number(), UploadRowCodec.encodePart(part)));
        }
    }

    @Test
    void checksumsRoundTripInFormat2() {
        UploadInfo upload = Fixtures.upload(BUCKET, "k");
        UploadInfo withAlgorithm = new UploadInfo(upload.bucket(), upload.key(), upload.uploadId(), upload.initiated(),
                upload.initiatorId(), upload.headers(), upload.userMetadata(), upload.storageClass(),
                ChecksumAlgorithm.CRC64NVME);
        byte[] info = UploadRowCodec.encodeInfo(withAlgorithm);
        assertEquals(UploadRowCodec.CHECKSUM_FORMAT, info[0]);
        assertEquals(withAlgorithm, decodeInfo(withAlgorithm, info));
        assertEquals(UploadRowCodec.FORMAT, UploadRowCodec.encodeInfo(upload)[0], "no checksum, the first format");

        PartRecord plain = Fixtures.part(4, 9);
        PartInfo p = plain.info();
        PartRecord part = new PartRecord(new PartInfo(p.partNumber(), p.etag(), p.size(), p.lastModified(),
                ObjectChecksum.fullObject(ChecksumAlgorithm.SHA1, "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")), plain.blob());
        byte[] cell = UploadRowCodec.encodePart(part);
        assertEquals(UploadRowCodec.CHECKSUM_FORMAT, cell[0]);
        assertEquals(part, UploadRowCodec.decodePart(4, cell));
        for (int length = 0; length < cell.length; length++) {
            byte[] truncated = Arrays.copyOf(cell, length);
            assertThrows(MalformedRowException.class, () -> UploadRowCodec.decodePart(4, truncated));
        }
    }

    @Test
    void damagedCellsAreMalformed() {
        UploadInfo upload = Fixtures.upload(BUCKET, "k");
        byte[] info = UploadRowCodec.encodeInfo(upload);
        byte[] state = UploadRowCodec.encodeState(new UploadRowCodec.State.Completing(List.of(new CompletedPart(2, "e"))));
        byte[] part = UploadRowCodec.encodePart(Fixtures.part(3, 7));
        for (int length = 0; length < info.length; length++) {
            byte[] truncated = Arrays.copyOf(info, length);
            assertThrows(MalformedRowException.class, () -> decodeInfo(upload, truncated));
        }
        for (int length = 0; length < state.length; length++) {
            byte[] truncated = Arrays.copyOf(state, length);
            assertThrows(MalformedRowException.class, () -> UploadRowCodec.decodeState(truncated));
        }
        for (int length = 0; length < part.length; length++) {
            byte[] truncated = Arrays.copyOf(part, length);
            assertThrows(MalformedRowException.class, () -> UploadRowCodec.decodePart(3, truncated));
        }
        byte[] unknownKind = state.clone();
        unknownKind[1] = 7;
        assertThrows(MalformedRowException.class, () -> UploadRowCodec.decodeState(unknownKind));
        byte[] laterFormat = part.clone();
        laterFormat[0] = 3;
        assertThrows(MalformedRowException.class, () -> UploadRowCodec.decodePart(3, laterFormat));
    }

    private static UploadInfo decodeInfo(UploadInfo upload, byte[] value) {
        return UploadRowCodec.decodeInfo(BUCKET.info().name(), new UploadRowKeys.Address(upload.key(), upload.uploadId()),
                value);
    }
}
