package io.granary.hdfs;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Random;

/**
 * The generated identity of one pack or blob file: its creation time and 64 random bits. File names
 * are made only from these two numbers, never from object keys or other input, so no handle can
 * name a path outside the store's root.
 */
record FileId(long createdMillis, long random) {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    static FileId next(Clock clock, Random random) {
        return new FileId(clock.millis(), random.nextLong());
    }

    /** For example {@code 20250614T093012345Z-9f1c0a7e5b3d2c41}: sorts by time, readable by operators. */
    String name() {
        return TIME.format(Instant.ofEpochMilli(createdMillis)) + "-" + HexFormat.of().toHexDigits(random);
    }
}
