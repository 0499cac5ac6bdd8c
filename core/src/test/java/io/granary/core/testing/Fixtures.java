package io.granary.core.testing;

import io.granary.core.model.BucketInfo;
import io.granary.core.model.BucketName;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.PartInfo;
import io.granary.core.model.UploadInfo;
import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.spi.PartRecord;
import io.granary.core.version.HybridLogicalClock;
import io.granary.core.version.VersionId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Values for tests of the SPI and its backends. */
public final class Fixtures {
    private static final HybridLogicalClock CLOCK = new HybridLogicalClock(Clock.systemUTC());

    private Fixtures() {
    }

    /** A bucket name no other test uses. */
    public static BucketName uniqueBucketName() {
        return BucketName.of("t-" + UUID.randomUUID().toString().substring(0, 18));
    }

    public static BucketRecord bucket(String ownerId) {
        return new BucketRecord(new BucketInfo(uniqueBucketName(), ownerId,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "us-east-1"),
                ThreadLocalRandom.current().nextLong());
    }

    /** A row for {@code key} with every optional field filled, pointing at a made-up blob. */
    public static ObjectRecord row(BucketRecord bucket, String key, long size) {
        ObjectInfo info = new ObjectInfo(bucket.info().name(), ObjectKey.of(key), size,
                "0123456789abcdef0123456789abcdef", Instant.now().truncatedTo(ChronoUnit.MILLIS),
                VersionId.next(CLOCK, 7),
                new ContentHeaders("text/plain", "gzip", "attachment; filename=\"a b.txt\"", "en",
                        "no-cache", "Thu, 01 Dec 1994 16:00:00 GMT"),
                Map.of("color", "blue", "note", "héllo wörld"), "REDUCED_REDUNDANCY");
        return new ObjectRecord(info, new BlobRef(size, key.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The row of a multipart object of {@code key} assembled from parts of the given sizes, every
     * optional field filled, pointing at made-up blobs.
     */
    public static ObjectRecord multipartRow(BucketRecord bucket, String key, long... partSizes) {
        long size = 0;
        List<BlobRef> blobs = new ArrayList<>();
        for (int i = 0; i < partSizes.length; i++) {
            size += partSizes[i];
            blobs.add(new BlobRef(partSizes[i], (key + "#" + (i + 1)).getBytes(StandardCharsets.UTF_8)));
        }
        ObjectInfo info = new ObjectInfo(bucket.info().name(), ObjectKey.of(key), size,
                "0123456789abcdef0123456789abcdef-" + partSizes.length, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                VersionId.next(CLOCK, 7),
                new ContentHeaders("application/x-tar", null, null, "de", "max-age=60", null),
                Map.of("origin", "multipart"), "STANDARD_IA", partSizes.length);
        return ObjectRecord.multipart(info, uploadId(), blobs);
    }

    /** A new well-formed upload id, later than every one handed out before by this class. */
    public static String uploadId() {
        HybridLogicalClock.Timestamp now = CLOCK.tick();
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(now.physicalMillis() << 16 | now.logical()) + hex.toHexDigits((short) 7)
                + hex.toHexDigits(ThreadLocalRandom.current().nextLong())
                + hex.toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** An upload of {@code key} in {@code bucket} with every optional field filled. */
    public static UploadInfo upload(BucketRecord bucket, String key) {
        return new UploadInfo(bucket.info().name(), ObjectKey.of(key), uploadId(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "i".repeat(64),
                new ContentHeaders("video/mp4", "identity", "inline", "fr", "no-store", "0"),
                Map.of("camera", "x100", "note", "ünïcode"), "GLACIER");
    }

    /** Part {@code number} of {@code size} bytes, pointing at a made-up blob of its own. */
    public static PartRecord part(int number, long size) {
        byte[] handle = new byte[12];
        ThreadLocalRandom.current().nextBytes(handle);
        byte[] md5 = new byte[16];
        ThreadLocalRandom.current().nextBytes(md5);
        return new PartRecord(new PartInfo(number, HexFormat.of().formatHex(md5), size,
                Instant.now().truncatedTo(ChronoUnit.MILLIS)), new BlobRef(size, handle));
    }

    /** {@code length} random bytes. */
    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
