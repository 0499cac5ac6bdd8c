package io.granary.core.version;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The id of one stored object version: a hybrid logical timestamp, then the id of the zone that
 * wrote it, then a random tiebreak. Ids compare, and their text forms sort, in that order, so the
 * newest version of a key across all zones is the greatest id (last writer wins) and no two
 * writers ever produce the same id.
 *
 * <p>Text form: 36 lower-case hex digits (48 bits of milliseconds, 16 of logical counter, 16 of
 * zone, 64 random).
 */
public record VersionId(HybridLogicalClock.Timestamp timestamp, int zone, long random)
        implements Comparable<VersionId> {
    private static final HexFormat HEX = HexFormat.of();
    private static final RandomGenerator RANDOM = new SecureRandom();

    public VersionId {
        Objects.requireNonNull(timestamp, "timestamp");
        if (zone < 0 || zone > 0xFFFF) {
            throw new IllegalArgumentException("zone id out of range: " + zone);
        }
    }

    /** A new id for a version written now in {@code zone}. */
    public static VersionId next(HybridLogicalClock clock, int zone) {
        return new VersionId(clock.tick(), zone, RANDOM.nextLong());
    }

    public static VersionId parse(String text) {
        if (text == null || text.length() != 36 || !text.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("not a version id: " + text);
        }
        long high = Long.parseUnsignedLong(text.substring(0, 16), 16);
        int zone = Integer.parseInt(text.substring(16, 20), 16);
        long random = Long.parseUnsignedLong(text.substring(20), 16);
        return new VersionId(new HybridLogicalClock.Timestamp(high >>> 16, (int) (high & 0xFFFF)), zone, random);
    }

    @Override
    public String toString() {
        long high = (timestamp.physicalMillis() << 16) | timestamp.logical();
        return HEX.toHexDigits(high) + HEX.toHexDigits((short) zone) + HEX.toHexDigits(random);
    }

    @Override
    public int compareTo(VersionId o) {
        int c = timestamp.compareTo(o.timestamp);
        if (c == 0) {
            c = Integer.compare(zone, o.zone);
        }
        return c != 0 ? c : Long.compareUnsigned(random, o.random);
    }
}
