package io.granary.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.block.Checkpoint;
import io.granary.core.block.Lease;
import io.granary.core.block.LeaseOutcome;
import io.granary.core.block.ParentSnapshot;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeCatalog;
import io.granary.core.block.VolumeRecord;
import io.granary.core.block.VolumeState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VolumeCatalog} must do. A backend's test extends this and supplies the catalog;
 * each test uses volume names and ids of its own, so one catalog may serve them all.
 */
public abstract class VolumeCatalogConformance {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration TERM = Duration.ofSeconds(30);

    private VolumeCatalog catalog;

    /** The catalog under test; called before each test. */
    protected abstract VolumeCatalog catalog();

    @BeforeEach
    void setUpCatalog() {
        catalog = catalog();
    }

    @Test
    void volumesRoundTripAndNamesAreUnique() {
        VolumeRecord volume = volume(1L << 30);
        assertTrue(catalog.createVolume(volume));
        assertEquals(Optional.of(volume), catalog.findVolume(volume.name()));
        VolumeRecord sameName = new VolumeRecord(volume.name(), volume.id() + 1, 10, Optional.empty(),
                VolumeState.AVAILABLE, NOW);
        assertFalse(catalog.createVolume(sameName));
        assertEquals(Optional.of(volume), catalog.findVolume(volume.name()));
        assertEquals(Optional.empty(), catalog.findVolume(volume.name() + "-none"));

        VolumeRecord clone = new VolumeRecord(unique("clone"), id(), 1L << 31,
                Optional.of(new ParentSnapshot(volume.name(), volume.id(), "snap-1")), VolumeState.AVAILABLE, NOW);
        assertTrue(catalog.createVolume(clone));
        assertEquals(Optional.of(clone), catalog.findVolume(clone.name()));
        List<VolumeRecord> listed = catalog.listVolumes();
        assertTrue(listed.contains(volume) && listed.contains(clone), listed.toString());
        List<String> names = listed.stream().map(VolumeRecord::name).toList();
        assertEquals(names.stream().sorted().toList(), names);
    }

    @Test
    void updatesAndDeletesAreConditional() {
        VolumeRecord volume = volume(4096);
        catalog.createVolume(volume);
        VolumeRecord grown = volume.withSize(8192);
        assertTrue(catalog.updateVolume(volume, grown));
        assertFalse(catalog.updateVolume(volume, volume.withSize(16384)), "stale expectation");
        assertEquals(Optional.of(grown), catalog.findVolume(volume.name()));
        assertFalse(catalog.deleteVolume(volume), "stale expectation");
        VolumeRecord deleting = grown.withState(VolumeState.DELETING);
        assertTrue(catalog.updateVolume(grown, deleting));
        assertTrue(catalog.deleteVolume(deleting));
        assertEquals(Optional.empty(), catalog.findVolume(volume.name()));
        assertFalse(catalog.deleteVolume(deleting));
    }

    @Test
    void deletingAVolumeDropsItsSnapshotsCheckpointAndLease() {
        VolumeRecord volume = volume(4096);
        catalog.createVolume(volume);
        Lease lease = catalog.acquireLease(volume.id(), "a", NOW, TERM).acquired().orElseThrow();
        assertTrue(catalog.putCheckpoint(lease, checkpoint(1)));
        catalog.createSnapshot(new SnapshotRecord(volume.id(), "s", 4096, 1, NOW, Optional.empty()), checkpoint(1));
        assertTrue(catalog.deleteVolume(volume));
        assertEquals(List.of(), catalog.listSnapshots(volume.id()));
        assertEquals(Optional.empty(), catalog.snapshotMap(volume.id(), "s"));
        assertEquals(Optional.empty(), catalog.latestCheckpoint(volume.id()));
        assertEquals(Optional.empty(), catalog.findLease(volume.id()));
    }

    @Test
    void snapshotsKeepTheirMapsAndNamesAreUniquePerVolume() {
        long volumeId = id();
        SnapshotRecord first = new SnapshotRecord(volumeId, "b-first", 4096, 10, NOW,
                Optional.of(new ParentSnapshot("base", 42, "golden")));
        SnapshotRecord second = new SnapshotRecord(volumeId, "a-second", 8192, 20, NOW.plusSeconds(1),
                Optional.empty());
        Checkpoint firstMap = checkpoint(10);
        Checkpoint big = new Checkpoint(20, 3, 77, random(3 * 1024 * 1024 + 5));
        assertTrue(catalog.createSnapshot(first, firstMap));
        assertTrue(catalog.createSnapshot(second, big));
        assertFalse(catalog.createSnapshot(new SnapshotRecord(volumeId, "b-first", 1, 1, NOW, Optional.empty()),
                checkpoint(1)));
        assertTrue(catalog.createSnapshot(new SnapshotRecord(id(), "b-first", 1, 1, NOW, Optional.empty()),
                checkpoint(1)));
        assertEquals(Optional.of(first), catalog.findSnapshot(volumeId, "b-first"));
        assertEquals(Optional.of(firstMap), catalog.snapshotMap(volumeId, "b-first"));
        assertEquals(Optional.of(big), catalog.snapshotMap(volumeId, "a-second"));
        assertEquals(List.of(second, first), catalog.listSnapshots(volumeId));
        assertTrue(catalog.deleteSnapshot(volumeId, "b-first"));
        assertFalse(catalog.deleteSnapshot(volumeId, "b-first"));
        assertEquals(Optional.empty(), catalog.findSnapshot(volumeId, "b-first"));
        assertEquals(Optional.empty(), catalog.snapshotMap(volumeId, "b-first"));
        assertEquals(List.of(second), catalog.listSnapshots(volumeId));
    }

    @Test
    void oneHolderAtATimeWithEpochsThatOnlyGrow() {
        long volumeId = id();
        assertEquals(Optional.empty(), catalog.findLease(volumeId));
        Lease first = catalog.acquireLease(volumeId, "first", NOW, TERM).acquired().orElseThrow();
        assertEquals("first", first.holder());
        assertEquals(NOW.plus(TERM), first.expires());
        assertEquals(Optional.of(first), catalog.findLease(volumeId));

        LeaseOutcome refused = catalog.acquireLease(volumeId, "second", NOW.plusSeconds(29), TERM);
        assertEquals(Optional.empty(), refused.acquired());
        assertEquals(Optional.of(first), refused.current());

        Lease renewed = catalog.renewLease(first, NOW.plusSeconds(20), TERM).orElseThrow();
        assertEquals(first.epoch(), renewed.epoch());
        assertEquals(NOW.plusSeconds(50), renewed.expires());
        assertTrue(catalog.acquireLease(volumeId, "second", NOW.plusSeconds(40), TERM).acquired().isEmpty());

        Lease second = catalog.acquireLease(volumeId, "second", NOW.plusSeconds(51), TERM).acquired().orElseThrow();
        assertTrue(second.epoch() > first.epoch());
        assertEquals(Optional.empty(), catalog.renewLease(renewed, NOW.plusSeconds(52), TERM), "fenced");
        catalog.releaseLease(renewed);
        assertEquals(Optional.of(second), catalog.findLease(volumeId), "a stale release changes nothing");

        catalog.releaseLease(second);
        assertEquals(Optional.empty(), catalog.findLease(volumeId));
        assertEquals(Optional.empty(), catalog.renewLease(second, NOW.plusSeconds(53), TERM));
        Lease third = catalog.acquireLease(volumeId, "third", NOW.plusSeconds(53), TERM).acquired().orElseThrow();
        assertTrue(third.epoch() > second.epoch(), "epochs are not reused after a release");
    }

    @Test
    void onlyTheCurrentEpochCheckpoints() {
        long volumeId = id();
        assertEquals(Optional.empty(), catalog.latestCheckpoint(volumeId));
        Lease first = catalog.acquireLease(volumeId, "first", NOW, TERM).acquired().orElseThrow();
        Checkpoint one = checkpoint(1);
        assertTrue(catalog.putCheckpoint(first, one));
        assertEquals(Optional.of(one), catalog.latestCheckpoint(volumeId));
        Checkpoint big = new Checkpoint(2, 1L << 32, 12345, random(5 * 1024 * 1024 + 17));
        assertTrue(catalog.putCheckpoint(first, big));
        assertEquals(Optional.of(big), catalog.latestCheckpoint(volumeId));
        Checkpoint small = checkpoint(3);
        assertTrue(catalog.putCheckpoint(first, small), "a shorter map replaces a longer one whole");
        assertEquals(Optional.of(small), catalog.latestCheckpoint(volumeId));

        Lease second = catalog.acquireLease(volumeId, "second", NOW.plus(TERM).plusSeconds(1), TERM)
                .acquired().orElseThrow();
        assertFalse(catalog.putCheckpoint(first, checkpoint(4)), "the fenced writer");
        assertEquals(Optional.of(small), catalog.latestCheckpoint(volumeId));
        assertTrue(catalog.putCheckpoint(second, checkpoint(5)));
        assertEquals(5, catalog.latestCheckpoint(volumeId).orElseThrow().sequence());
        assertFalse(catalog.putCheckpoint(new Lease(id(), "nobody", 1, NOW), checkpoint(6)), "no lease at all");
    }

    private static VolumeRecord volume(long size) {
        return new VolumeRecord(unique("vol"), id(), size, Optional.empty(), VolumeState.AVAILABLE,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static Checkpoint checkpoint(long sequence) {
        return new Checkpoint(sequence, sequence << 32, sequence * 100, random(100));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static long id() {
        return ThreadLocalRandom.current().nextLong();
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
