package io.granary.block.volume;

import io.granary.block.BlockDevice;
import io.granary.core.testing.InMemorySegmentStore;
import io.granary.core.testing.InMemoryVolumeCatalog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Shared stores, a hand-moved clock, and "processes": volume managers that can be closed or
 * dropped as if their process died.
 */
final class TestBed implements AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(30);

    final InMemoryVolumeCatalog catalog = new InMemoryVolumeCatalog();
    final InMemorySegmentStore store = new InMemorySegmentStore();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final List<ScheduledExecutorService> schedulers = new ArrayList<>();
    private final List<VolumeManager> managers = new ArrayList<>();

    /**
     * A new process: a manager of its own with small segments and frequent checkpoints, so tests
     * cross both. Its lease renewal runs every 10 s of real time, so within a test it does not run
     * and leases end by moving {@link #clock}.
     */
    VolumeManager process(String holder) {
        return process(VolumeConfig.defaults(holder).withSegmentBytes(64 * 1024).withCheckpointBytes(24 * 1024)
                .withLeaseTerm(LEASE));
    }

    VolumeManager process(VolumeConfig config) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        schedulers.add(scheduler);
        VolumeManager manager = new VolumeManager(catalog, store, config, clock, scheduler);
        managers.add(manager);
        return manager;
    }

    /**
     * Simulates the death of every process so far: their threads stop, every open segment loses what
     * was appended after its last sync except {@code keptUnsyncedBytes}, and their leases run out.
     */
    void crash(int keptUnsyncedBytes) {
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
        managers.clear();
        store.crash(keptUnsyncedBytes);
        clock.advance(LEASE.plusSeconds(1));
    }

    @Override
    public void close() throws IOException {
        for (VolumeManager manager : managers) {
            manager.close();
        }
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
    }

    static byte[] random(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] read(BlockDevice device, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        device.read(offset, buffer);
        if (buffer.hasRemaining()) {
            throw new AssertionError("read left " + buffer.remaining() + " bytes unfilled");
        }
        return buffer.array();
    }

    static void write(BlockDevice device, long offset, byte[] bytes, boolean durable) throws IOException {
        device.write(offset, ByteBuffer.wrap(bytes), durable);
    }
}
