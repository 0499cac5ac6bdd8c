package io.granary.hdfs;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of an {@link HdfsBlobStore}. Immutable and validated; start from {@link #defaults()} and
 * change what you need with the {@code with…} methods.
 *
 * @param packThreshold blobs of at most this many bytes are packed together (and buffered in memory
 *     by their writer until commit); longer blobs get a file of their own
 * @param maxPackSize a pack file is closed and a new one started before it would grow past this size
 * @param chunkSize large blobs carry one CRC32C per chunk of this many bytes; a read verifies whole
 *     chunks, so this is also the read buffer of one open large blob
 * @param releaseGrace how long a released large blob stays in the trash, readable by readers that
 *     opened it before the release, before the purger deletes it
 * @param purgeInterval how often the trash purger runs (it also runs once when the store opens)
 * @param openPacks how many pack files are appended to at the same time, each by its own thread
 */
public record HdfsBlobStoreConfig(
        int packThreshold,
        long maxPackSize,
        int chunkSize,
        Duration releaseGrace,
        Duration purgeInterval,
        int openPacks) {
    private static final int MIB = 1 << 20;

    public HdfsBlobStoreConfig {
        Objects.requireNonNull(releaseGrace, "releaseGrace");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        if (packThreshold < 0) {
            throw new IllegalArgumentException("negative pack threshold " + packThreshold);
        }
        if (maxPackSize < PackFormat.HEADER_LENGTH + Math.max(1L, packThreshold)) {
            throw new IllegalArgumentException("maximum pack size " + maxPackSize
                    + " cannot hold one blob of the pack threshold " + packThreshold);
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        if (releaseGrace.isNegative()) {
            throw new IllegalArgumentException("negative release grace period " + releaseGrace);
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("purge interval must be positive: " + purgeInterval);
        }
        if (openPacks < 1) {
            throw new IllegalArgumentException("at least one open pack is needed: " + openPacks);
        }
    }

    /**
     * Pack threshold 1 MiB, maximum pack size 256 MiB, checksum chunk 1 MiB, release grace period 10
     * minutes, purge every minute, one open pack.
     */
    public static HdfsBlobStoreConfig defaults() {
        return new HdfsBlobStoreConfig(MIB, 256L * MIB, MIB, Duration.ofMinutes(10), Duration.ofMinutes(1), 1);
    }

    public HdfsBlobStoreConfig withPackThreshold(int bytes) {
        return new HdfsBlobStoreConfig(bytes, maxPackSize, chunkSize, releaseGrace, purgeInterval, openPacks);
    }

    public HdfsBlobStoreConfig withMaxPackSize(long bytes) {
        return new HdfsBlobStoreConfig(packThreshold, bytes, chunkSize, releaseGrace, purgeInterval, openPacks);
    }

    public HdfsBlobStoreConfig withChunkSize(int bytes) {
        return new HdfsBlobStoreConfig(packThreshold, maxPackSize, bytes, releaseGrace, purgeInterval, openPacks);
    }

    public HdfsBlobStoreConfig withReleaseGrace(Duration grace) {
        return new HdfsBlobStoreConfig(packThreshold, maxPackSize, chunkSize, grace, purgeInterval, openPacks);
    }

    public HdfsBlobStoreConfig withPurgeInterval(Duration interval) {
        return new HdfsBlobStoreConfig(packThreshold, maxPackSize, chunkSize, releaseGrace, interval, openPacks);
    }

    public HdfsBlobStoreConfig withOpenPacks(int count) {
        return new HdfsBlobStoreConfig(packThreshold, maxPackSize, chunkSize, releaseGrace, purgeInterval, count);
    }
}
