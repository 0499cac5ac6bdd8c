package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import io.granary.core.block.SegmentStore;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The background collector: rounds driven by hand ({@link VolumeCollector#runOnce()}, or the
 * scheduled task run on the test thread), over in-memory stores and a hand-moved clock.
 */
class VolumeCollectorTest {
    private static final int SIZE = 256 * 1024;
    private static final Duration INTERVAL = Duration.ofHours(1);

    private final TestBed bed = new TestBed();
    private final FailingSegmentStore store = new FailingSegmentStore(bed.store);
    private final Random random = new Random(41);
    private final VolumeConfig config = VolumeConfig.defaults("one").withSegmentBytes(64 * 1024)
            .withCheckpointBytes(24 * 1024).withLeaseTerm(TestBed.LEASE);
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private VolumeManager manager;
    private VolumeCollector collector;

    @BeforeEach
    void start() {
        scheduler.setRemoveOnCancelPolicy(true);
        manager = new VolumeManager(bed.catalog, store, config, bed.clock, scheduler);
        collector = new VolumeCollector(manager, settings(), scheduler);
        collector.start();
    }

    @AfterEach
    void close() throws IOException {
        collector.close();
        manager.close();
        scheduler.shutdownNow();
        bed.close();
    }

    @Test
    void anOverwrittenVolumeIsCollectedInTheBackgroundAndReadsTheSame() throws IOException {
        long id = manager.create("v", SIZE).id();
        byte[] model = new byte[SIZE];
        try (BlockDevice device = manager.open("v")) {
            fill(device, model);
            manager.snapshot("v", "kept");
            byte[] pinned = model.clone();
            for (int round = 0; round < 3; round++) {
                fill(device, model);
            }
            device.flush();
            VolumeInfo before = manager.info("v").orElseThrow();
            assertTrue(settings().worthCollecting(before), before.toString());
            assertEquals(CollectionStats.NONE, before.collection());

            bed.clock.advance(Duration.ofMinutes(5));
            Map<String, CollectionReport> round = collector.runOnce();

            CollectionReport report = round.get("v");
            assertTrue(report != null && report.segmentsRemoved() > 0, round.toString());
            VolumeInfo after = manager.info("v").orElseThrow();
            assertTrue(after.deadBytes() < before.deadBytes(), before + " then " + after);
            assertEquals(before.liveBytes(), after.liveBytes());
            CollectionStats stats = after.collection();
            assertEquals(1, stats.runs());
            assertEquals(0, stats.failures());
            assertEquals(report.segmentsRemoved(), stats.segmentsDeleted());
            assertEquals(report.bytesFreed(), stats.bytesReclaimed());
            assertEquals(report.bytesCopied(), stats.bytesCopied());
            assertEquals(Optional.of(bed.clock.instant()), stats.lastRun());
            assertEquals(Optional.empty(), stats.lastError());
            assertArrayEquals(model, TestBed.read(device, 0, SIZE));

            List<Long> segments = bed.store.list(id);
            assertTrue(segments.containsAll(snapshotSegments(id, "kept")), "segments a snapshot needs are kept");
            try (BlockDevice snapshot = manager.openSnapshot("v", "kept")) {
                assertArrayEquals(pinned, TestBed.read(snapshot, 0, SIZE));
            }
        }
        bed.crash(0);
        try (BlockDevice reopened = bed.process("two").open("v")) {
            assertArrayEquals(model, TestBed.read(reopened, 0, SIZE), "the collected volume survives a crash");
        }
    }

    @Test
    void aVolumeWhoseDeadBytesOnlySnapshotPinnedSegmentsHoldIsNotCollectedAgainUntilItChanges()
            throws IOException {
        manager.create("v", SIZE);
        byte[] model = new byte[SIZE];
        try (BlockDevice device = manager.open("v")) {
            // Every block written twice in a row: each segment holds dead bytes next to live ones.
            for (int at = 0; at < SIZE; at += 8192) {
                byte[] first = TestBed.random(random, 8192);
                byte[] second = TestBed.random(random, 8192);
                TestBed.write(device, at, first, false);
                TestBed.write(device, at, second, false);
                System.arraycopy(second, 0, model, at, second.length);
            }
            device.flush();
            // The snapshot points into every segment with live bytes, so none of them can go.
            manager.snapshot("v", "s");
            VolumeInfo pinned = manager.info("v").orElseThrow();
            assertTrue(settings().worthCollecting(pinned), pinned.toString());

            CollectionReport fruitless = collector.runOnce().get("v");
            assertEquals(new CollectionReport(0, 0, 0), fruitless, "nothing could be reclaimed");
            assertTrue(collector.runOnce().isEmpty(), "not tried again while nothing changed");
            assertEquals(1, manager.info("v").orElseThrow().collection().runs());

            // The snapshot goes: its segments can be rewritten now.
            manager.deleteSnapshot("v", "s");
            CollectionReport reclaimed = collector.runOnce().get("v");
            assertTrue(reclaimed != null && reclaimed.segmentsRemoved() > 0, String.valueOf(reclaimed));
            assertEquals(2, manager.info("v").orElseThrow().collection().runs());
            assertArrayEquals(model, TestBed.read(device, 0, SIZE));
        }
    }

    @Test
    void volumesNotOpenHereOrNotWorthItAreLeftAlone() throws IOException {
        long closedId = manager.create("closed", SIZE).id();
        try (BlockDevice device = manager.open("closed")) {
            for (int round = 0; round < 4; round++) {
                fill(device, new byte[SIZE]);
            }
        }
        assertTrue(settings().worthCollecting(manager.info("closed").orElseThrow()));
        List<Long> closedSegments = bed.store.list(closedId);

        long elsewhereId = manager.create("elsewhere", SIZE).id();
        VolumeManager other = bed.process("two");
        BlockDevice elsewhere = other.open("elsewhere");
        for (int round = 0; round < 4; round++) {
            fill(elsewhere, new byte[SIZE]);
        }
        elsewhere.flush();
        List<Long> elsewhereSegments = bed.store.list(elsewhereId);

        manager.create("fresh", SIZE);
        try (BlockDevice fresh = manager.open("fresh")) {
            fill(fresh, new byte[SIZE]);
            assertFalse(settings().worthCollecting(manager.info("fresh").orElseThrow()));

            assertEquals(Map.of(), collector.runOnce());
            assertEquals(CollectionStats.NONE, manager.info("fresh").orElseThrow().collection());
        }
        assertEquals(closedSegments, bed.store.list(closedId), "a volume not open here is not collected");
        assertEquals(elsewhereSegments, bed.store.list(elsewhereId), "nor one another process holds");
        assertEquals(CollectionStats.NONE, manager.info("closed").orElseThrow().collection());
        assertEquals(List.of(), manager.openForWriting(), "nothing was opened to be collected");
        elsewhere.close();
    }

    @Test
    void aFailedRunIsCountedAndRetriedNextRound() throws IOException {
        long id = manager.create("v", SIZE).id();
        byte[] model = new byte[SIZE];
        try (BlockDevice device = manager.open("v")) {
            for (int round = 0; round < 4; round++) {
                fill(device, model);
            }
            device.flush();
            VolumeInfo before = manager.info("v").orElseThrow();
            List<Long> segments = bed.store.list(id);

            store.failDeletes = true;
            assertEquals(Map.of(), collector.runOnce());
            CollectionStats failed = manager.info("v").orElseThrow().collection();
            assertEquals(1, failed.runs());
            assertEquals(1, failed.failures());
            assertTrue(failed.lastError().orElseThrow().contains("injected"), failed.toString());
            assertTrue(bed.store.list(id).containsAll(segments), "nothing deleted");
            assertArrayEquals(model, TestBed.read(device, 0, SIZE));

            store.failDeletes = false;
            bed.clock.advance(INTERVAL);
            CollectionReport report = collector.runOnce().get("v");
            assertTrue(report != null && report.segmentsRemoved() > 0);
            VolumeInfo after = manager.info("v").orElseThrow();
            assertTrue(after.deadBytes() < before.deadBytes(), before + " then " + after);
            assertEquals(2, after.collection().runs());
            assertEquals(1, after.collection().failures());
            assertEquals(Optional.empty(), after.collection().lastError());
            assertEquals(Optional.of(bed.clock.instant()), after.collection().lastRun());
            assertArrayEquals(model, TestBed.read(device, 0, SIZE));
        }
    }

    @Test
    void theScheduleRunsRoundsUntilClosed() throws IOException {
        assertThrows(IllegalStateException.class, collector::start);
        assertEquals(1, scheduler.getQueue().size(), "one round scheduled");
        Runnable scheduled = scheduler.getQueue().peek();
        long delay = ((java.util.concurrent.Delayed) scheduled).getDelay(TimeUnit.MILLISECONDS);
        assertTrue(delay > 0 && delay <= INTERVAL.toMillis(), "next round in " + delay + " ms");

        manager.create("v", SIZE);
        byte[] model = new byte[SIZE];
        try (BlockDevice device = manager.open("v")) {
            for (int round = 0; round < 4; round++) {
                fill(device, model);
            }
            // Run the scheduled task here rather than on the scheduler's thread; it schedules itself again.
            assertTrue(scheduler.getQueue().remove(scheduled));
            scheduled.run();
            assertTrue(scheduler.getQueue().contains(scheduled), "the next round is scheduled");
            assertEquals(1, manager.info("v").orElseThrow().collection().runs(), "the scheduled task collects");
            assertTrue(manager.info("v").orElseThrow().collection().segmentsDeleted() > 0);
            assertArrayEquals(model, TestBed.read(device, 0, SIZE));
        }

        collector.close();
        assertTrue(scheduler.getQueue().isEmpty(), "no round scheduled after close");
        assertThrows(IllegalStateException.class, collector::runOnce);
        assertThrows(IllegalStateException.class, collector::start);
        collector.close();

        VolumeCollector latent = new VolumeCollector(manager, settings(), scheduler);
        assertThrows(IllegalStateException.class, latent::runOnce, "not started");
        latent.close();
    }

    @Test
    void settingsAreValidated() {
        VolumeCollectorSettings defaults = VolumeCollectorSettings.defaults(config);
        assertEquals(Duration.ofSeconds(60), defaults.interval());
        assertEquals(config.segmentBytes(), defaults.minDeadBytes());
        assertThrows(IllegalArgumentException.class, () -> defaults.withInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> defaults.withDeadFraction(1.5));
        assertThrows(IllegalArgumentException.class, () -> defaults.withDeadFraction(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMinDeadBytes(-1));
    }

    private VolumeCollectorSettings settings() {
        return VolumeCollectorSettings.defaults(config).withInterval(INTERVAL);
    }

    private Set<Long> snapshotSegments(long volumeId, String snapshot) {
        Set<Long> segments = new HashSet<>();
        for (Extent extent : ExtentMap.decode(bed.catalog.snapshotMap(volumeId, snapshot).orElseThrow().extents())
                .extents()) {
            if (extent.kind() == Extent.Kind.DATA) {
                segments.add(extent.segment());
            }
        }
        assertFalse(segments.isEmpty());
        return segments;
    }

    private void fill(BlockDevice device, byte[] model) throws IOException {
        for (int at = 0; at < SIZE; at += 8192) {
            byte[] bytes = TestBed.random(random, 8192);
            TestBed.write(device, at, bytes, false);
            System.arraycopy(bytes, 0, model, at, bytes.length);
        }
    }

    /** The shared in-memory store, whose deletes fail while asked to. */
    private static final class FailingSegmentStore extends ForwardingSegmentStore {
        volatile boolean failDeletes;

        FailingSegmentStore(SegmentStore delegate) {
            super(delegate);
        }

        @Override
        public void delete(long volume, long segment) throws IOException {
            if (failDeletes) {
                throw new IOException("injected failure deleting segment " + segment);
            }
            super.delete(volume, segment);
        }

        @Override
        public void close() {
            // The test bed closes the shared store.
        }
    }
}
