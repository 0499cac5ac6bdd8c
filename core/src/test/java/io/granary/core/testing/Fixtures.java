package io.granary.core.testing;

import io.granary.core.model.BucketInfo;
import io.granary.core.model.BucketName;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.version.HybridLogicalClock;
import io.granary.core.version.VersionId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /** {@code length} random bytes. */
    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
