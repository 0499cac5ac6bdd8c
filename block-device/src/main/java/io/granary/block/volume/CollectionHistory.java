package io.granary.block.volume;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@link CollectionStats} of each volume, by volume id (never reused, so a new volume of an
 * old name starts from zero). Thread-safe.
 */
final class CollectionHistory {
    private final Clock clock;
    private final ConcurrentMap<Long, CollectionStats> byVolume = new ConcurrentHashMap<>();

    CollectionHistory(Clock clock) {
        this.clock = clock;
    }

    CollectionStats of(long volumeId) {
        return byVolume.getOrDefault(volumeId, CollectionStats.NONE);
    }

    void succeeded(long volumeId, CollectionReport report) {
        byVolume.merge(volumeId, CollectionStats.NONE.succeeded(report, clock.instant()),
                (old, ignored) -> old.succeeded(report, clock.instant()));
    }

    void failed(long volumeId, Exception error) {
        byVolume.merge(volumeId, CollectionStats.NONE.failed(error, clock.instant()),
                (old, ignored) -> old.failed(error, clock.instant()));
    }

    void forget(long volumeId) {
        byVolume.remove(volumeId);
    }
}
