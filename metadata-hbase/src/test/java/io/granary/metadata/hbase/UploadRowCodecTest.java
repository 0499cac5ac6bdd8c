package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.model.CompletedPart;
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
        laterFormat[0] = 2;
        assertThrows(MalformedRowException.class, () -> UploadRowCodec.decodePart(3, laterFormat));
    }

    private static UploadInfo decodeInfo(UploadInfo upload, byte[] value) {
        return UploadRowCodec.decodeInfo(BUCKET.info().name(), new UploadRowKeys.Address(upload.key(), upload.uploadId()),
                value);
    }
}
