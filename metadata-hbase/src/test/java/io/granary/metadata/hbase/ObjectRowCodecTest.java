package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.checksum.ObjectChecksum;
import io.granary.core.model.BucketName;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.testing.Fixtures;
import io.granary.core.version.HybridLogicalClock;
import io.granary.core.version.VersionId;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectRowCodecTest {
    private static final BucketRecord BUCKET = Fixtures.bucket("a".repeat(64));
    private static final BucketName NAME = BUCKET.info().name();

    @Test
    void everyFieldRoundTrips() {
        ObjectRecord row = Fixtures.row(BUCKET, "dir/ünïcode key+%.txt", 12345);
        assertEquals(row, roundTrip(row));
    }

    @Test
    void absentHeadersEmptyMetadataAndEmptyBlobsRoundTrip() {
        ObjectRecord row = record("k", 0, ContentHeaders.NONE, Map.of(), new byte[0], Instant.EPOCH);
        assertEquals(row, roundTrip(row));
        ObjectRecord someHeaders = record("k", 5, new ContentHeaders(null, "", null, "de", null, null), Map.of("", ""),
                new byte[] {0, (byte) 0xFF}, Instant.ofEpochSecond(-1, 999_999_999));
        assertEquals(someHeaders, roundTrip(someHeaders));
    }

    @Test
    void oddTextRoundTripsExactly() {
        Map<String, String> metadata = Map.of("emoji", "\uD83D\uDE00", "lone", "\uD800x", "nul", "a\0b",
                "long", "v".repeat(70_000));
        ObjectRecord row = record("k", Long.MAX_VALUE,
                new ContentHeaders("text/plain; charset=\"utf-8\"", null, "attachment; filename*=UTF-8''%E2%82%AC",
                        null, "max-age=0", "0"),
                metadata, new byte[300], Instant.parse("2262-04-11T23:47:16.854775807Z"));
        assertEquals(row, roundTrip(row));
    }

    @Test
    void equalRecordsEncodeToEqualBytes() {
        // Conditional writes compare the bytes, so map order must not show in them.
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            forward.put("name" + i, "value" + i);
            backward.put("name" + (19 - i), "value" + (19 - i));
        }
        byte[] handle = {1, 2, 3};
        Instant now = Instant.now();
        ObjectRecord one = record("k", 3, ContentHeaders.NONE, forward, handle, now);
        ObjectRecord other = new ObjectRecord(new ObjectInfo(NAME, ObjectKey.of("k"), 3, one.info().etag(), now,
                one.info().versionId(), ContentHeaders.NONE, backward, "GLACIER"), new BlobRef(3, handle));
        assertArrayEquals(ObjectRowCodec.encode(one), ObjectRowCodec.encode(other));
    }

    @Test
    void theFormatStartsWithItsVersionByte() {
        assertEquals(ObjectRowCodec.FORMAT, ObjectRowCodec.encode(Fixtures.row(BUCKET, "k", 1))[0]);
    }

    @Test
    void damagedValuesAreMalformed() {
        byte[] value = ObjectRowCodec.encode(Fixtures.row(BUCKET, "k", 1));
        for (int length = 0; length < value.length; length++) {
            byte[] truncated = Arrays.copyOf(value, length);
            assertThrows(MalformedRowException.class, () -> decode(truncated), "truncated to " + length);
        }
        byte[] longer = Arrays.copyOf(value, value.length + 1);
        assertThrows(MalformedRowException.class, () -> decode(longer));
        byte[] laterFormat = value.clone();
        laterFormat[0] = 5;
        assertThrows(MalformedRowException.class, () -> decode(laterFormat));
    }

    @Test
    void multipartRowsRoundTripInFormat2() {
        ObjectRecord row = Fixtures.multipartRow(BUCKET, "big/ünïcode.tar", 5 << 20, 5 << 20, 0);
        byte[] value = ObjectRowCodec.encode(row);
        assertEquals(ObjectRowCodec.MULTIPART_FORMAT, value[0]);
        assertEquals(row, roundTrip(row));
        ObjectRecord one = Fixtures.multipartRow(BUCKET, "k", 3);
        assertEquals(one, roundTrip(one));
    }

    @Test
    void rowsWithAChecksumRoundTripInFormat3() {
        ObjectRecord single = withChecksum(Fixtures.row(BUCKET, "k", 10),
                ObjectChecksum.fullObject(ChecksumAlgorithm.CRC32C, "yZRlqg=="));
        byte[] value = ObjectRowCodec.encode(single);
        assertEquals(ObjectRowCodec.FLAGGED_FORMAT, value[0]);
        assertEquals(ObjectRowCodec.CHECKSUM, value[1]);
        assertEquals(single, roundTrip(single));
        ObjectRecord multipart = withChecksum(Fixtures.multipartRow(BUCKET, "k", 5 << 20, 3),
                new ObjectChecksum(ChecksumAlgorithm.SHA256, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=-2",
                        ObjectChecksum.Type.COMPOSITE));
        value = ObjectRowCodec.encode(multipart);
        assertEquals(ObjectRowCodec.FLAGGED_FORMAT, value[0]);
        assertEquals(ObjectRowCodec.CHECKSUM | ObjectRowCodec.MULTIPART, value[1]);
        assertEquals(multipart, roundTrip(multipart));
        for (int length = 0; length < value.length; length++) {
            byte[] truncated = Arrays.copyOf(value, length);
            assertThrows(MalformedRowException.class, () -> decode(truncated), "truncated to " + length);
        }
    }

    @Test
    void rowsSharingTheirBlobsRoundTripInFormat3() {
        ObjectRecord shared = Fixtures.row(BUCKET, "copied", 10).withSharedBlobs();
        byte[] value = ObjectRowCodec.encode(shared);
        assertEquals(ObjectRowCodec.FLAGGED_FORMAT, value[0]);
        assertEquals(ObjectRowCodec.SHARED_BLOBS, value[1]);
        assertEquals(shared, roundTrip(shared));
        byte[] unknownFlag = value.clone();
        unknownFlag[1] = 8;
        assertThrows(MalformedRowException.class, () -> decode(unknownFlag));
        ObjectRecord plain = Fixtures.row(BUCKET, "copied", 10);
        assertEquals(ObjectRowCodec.FORMAT, ObjectRowCodec.encode(plain)[0], "unshared rows keep format 1");
    }

    @Test
    void anUnknownChecksumAlgorithmIsMalformed() {
        ObjectRecord row = withChecksum(Fixtures.row(BUCKET, "k", 1),
                ObjectChecksum.fullObject(ChecksumAlgorithm.CRC32, "AAAAAA=="));
        byte[] value = ObjectRowCodec.encode(row);
        String encoded = new String(value, java.nio.charset.StandardCharsets.ISO_8859_1).replace("CRC32", "CRC99");
        assertThrows(MalformedRowException.class,
                () -> decode(encoded.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    private static ObjectRecord withChecksum(ObjectRecord row, ObjectChecksum checksum) {
        ObjectInfo i = row.info();
        ObjectInfo info = new ObjectInfo(i.bucket(), i.key(), i.size(), i.etag(), i.lastModified(), i.versionId(),
                i.headers(), i.userMetadata(), i.storageClass(), i.partCount(), checksum);
        return new ObjectRecord(info, row.blobs(), row.uploadId());
    }

    @Test
    void damagedMultipartValuesAreMalformed() {
        byte[] value = ObjectRowCodec.encode(Fixtures.multipartRow(BUCKET, "k", 6, 1));
        for (int length = 0; length < value.length; length++) {
            byte[] truncated = Arrays.copyOf(value, length);
            assertThrows(MalformedRowException.class, () -> decode(truncated), "truncated to " + length);
        }
        byte[] longer = Arrays.copyOf(value, value.length + 1);
        assertThrows(MalformedRowException.class, () -> decode(longer));
    }

    @Test
    void format1RowsWrittenByEarlierVersionsStillDecode() {
        // Byte for byte what the first version wrote, built by hand from its documented layout.
        Instant modified = Instant.parse("2024-05-06T07:08:09.123Z");
        VersionId version = versionId();
        FieldWriter out = new FieldWriter().writeByte(1).writeVarLong(3).writeText("acbd18db4cc2f85cedef654fccc4a4d8")
                .writeInstant(modified).writeText(version.toString())
                .writeOptionalText("text/plain").writeOptionalText(null).writeOptionalText(null)
                .writeOptionalText(null).writeOptionalText(null).writeOptionalText(null)
                .writeVarLong(1).writeText("color").writeText("blue")
                .writeText("STANDARD").writeVarLong(3).writeBytes(new byte[] {9, 8, 7});
        ObjectRecord expected = new ObjectRecord(new ObjectInfo(NAME, ObjectKey.of("k"), 3,
                "acbd18db4cc2f85cedef654fccc4a4d8", modified, version,
                new ContentHeaders("text/plain", null, null, null, null, null), Map.of("color", "blue"), "STANDARD"),
                new BlobRef(3, new byte[] {9, 8, 7}));
        byte[] value = out.toByteArray();
        assertEquals(expected, decode(value));
        assertArrayEquals(value, ObjectRowCodec.encode(expected), "single PUTs are still written in format 1");
    }

    @Test
    void aMultipartRowWhoseBlobsDisagreeWithItsPartsIsMalformed() {
        FieldWriter out = new FieldWriter().writeByte(ObjectRowCodec.MULTIPART_FORMAT).writeVarLong(5).writeText("e-2")
                .writeInstant(Instant.EPOCH).writeText(versionId().toString());
        for (int i = 0; i < 6; i++) {
            out.writeOptionalText(null);
        }
        out.writeVarLong(0).writeText("STANDARD").writeVarLong(2).writeOptionalText(Fixtures.uploadId())
                .writeVarLong(1).writeVarLong(5).writeBytes(new byte[1]);
        byte[] value = out.toByteArray();
        assertThrows(MalformedRowException.class, () -> decode(value));
    }

    @Test
    void aBlobLengthThatDisagreesWithTheSizeIsMalformed() {
        FieldWriter out = new FieldWriter().writeByte(ObjectRowCodec.FORMAT).writeVarLong(5).writeText("etag")
                .writeInstant(Instant.EPOCH).writeText(versionId().toString());
        for (int i = 0; i < 6; i++) {
            out.writeOptionalText(null);
        }
        byte[] value = out.writeVarLong(0).writeText("STANDARD").writeVarLong(4).writeBytes(new byte[1]).toByteArray();
        assertThrows(MalformedRowException.class, () -> decode(value));
    }

    private static ObjectRecord roundTrip(ObjectRecord row) {
        return ObjectRowCodec.decode(row.info().bucket(), row.info().key(), ObjectRowCodec.encode(row));
    }

    private static ObjectRecord decode(byte[] value) {
        return ObjectRowCodec.decode(NAME, ObjectKey.of("k"), value);
    }

    private static ObjectRecord record(String key, long size, ContentHeaders headers, Map<String, String> metadata,
            byte[] handle, Instant lastModified) {
        ObjectInfo info = new ObjectInfo(NAME, ObjectKey.of(key), size, "d41d8cd98f00b204e9800998ecf8427e-2",
                lastModified, versionId(), headers, metadata, "GLACIER");
        return new ObjectRecord(info, new BlobRef(size, handle));
    }

    private static VersionId versionId() {
        return VersionId.next(new HybridLogicalClock(java.time.Clock.systemUTC()), 65535);
    }
}
