package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import io.granary.core.block.Checkpoint;
import io.granary.core.block.Lease;
import io.granary.core.block.LeaseOutcome;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeCatalog;
import io.granary.core.block.VolumeRecord;
import io.granary.core.testing.InMemorySegmentStore;
import io.granary.core.testing.InMemoryVolumeCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that disconnects and reconnects at once (qemu-img info, then qemu-io) opens the volume
 * again while its last engine is still closing: the new open waits for the lease to be released
 * instead of finding it held by this very process.
 */
class ReopenWhileClosingTest {
    /** A catalog whose lease release waits until the test lets it go on. */
    private static final class SlowRelease implements VolumeCatalog {
        final InMemoryVolumeCatalog delegate = new InMemoryVolumeCatalog();
        final CountDownLatch releasing = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);

        @Override
        public void releaseLease(Lease held) {
            releasing.countDown();
            try {
                proceed.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delegate.releaseLease(held);
        }

        @Override
        public boolean createVolume(VolumeRecord volume) {
            return delegate.createVolume(volume);
        }

        @Override
        public Optional<VolumeRecord> findVolume(String name) {
            return delegate.findVolume(name);
        }

        @Override
        public List<VolumeRecord> listVolumes() {
            return delegate.listVolumes();
        }

        @Override
        public boolean updateVolume(VolumeRecord expected, VolumeRecord updated) {
            return delegate.updateVolume(expected, updated);
        }

        @Override
        public boolean deleteVolume(VolumeRecord expected) {
            return delegate.deleteVolume(expected);
        }

        @Override
        public boolean createSnapshot(SnapshotRecord snapshot, Checkpoint map) {
            return delegate.createSnapshot(snapshot, map);
        }

        @Override
        public Optional<SnapshotRecord> findSnapshot(long volumeId, String name) {
            return delegate.findSnapshot(volumeId, name);
        }

        @Override
        public Optional<Checkpoint> snapshotMap(long volumeId, String name) {
            return delegate.snapshotMap(volumeId, name);
        }

        @Override
        public List<SnapshotRecord> listSnapshots(long volumeId) {
            return delegate.listSnapshots(volumeId);
        }

        @Override
        public boolean deleteSnapshot(long volumeId, String name) {
            return delegate.deleteSnapshot(volumeId, name);
        }

        @Override
        public Optional<Checkpoint> latestCheckpoint(long volumeId) {
            return delegate.latestCheckpoint(volumeId);
        }

        @Override
        public boolean putCheckpoint(Lease writer, Checkpoint checkpoint) {
            return delegate.putCheckpoint(writer, checkpoint);
        }

        @Override
        public Optional<Lease> findLease(long volumeId) {
            return delegate.findLease(volumeId);
        }

        @Override
        public LeaseOutcome acquireLease(long volumeId, String holder, Instant now, Duration term) {
            return delegate.acquireLease(volumeId, holder, now, term);
        }

        @Override
        public void close() throws java.io.IOException {
            delegate.close();
        }

        @Override
        public Optional<Lease> renewLease(Lease held, Instant now, Duration term) {
            return delegate.renewLease(held, now, term);
        }
    }

    @Test
    void anOpenWaitsForTheClosingEngineOfTheSameVolume() throws Exception {
        SlowRelease catalog = new SlowRelease();
        try (VolumeManager manager = new VolumeManager(catalog, new InMemorySegmentStore(),
                VolumeConfig.defaults("this-process"), Clock.systemUTC())) {
            manager.create("v", 1 << 20);
            BlockDevice first = manager.open("v");
            TestBed.write(first, 0, new byte[] {1, 2, 3}, true);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                try {
                    first.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(catalog.releasing.await(1, TimeUnit.MINUTES), "the first handle's engine is closing");
            CompletableFuture<BlockDevice> second = new CompletableFuture<>();
            Thread opener = new Thread(() -> {
                try {
                    second.complete(manager.open("v"));
                } catch (java.io.IOException | RuntimeException e) {
                    second.completeExceptionally(e);
                }
            }, "second-open");
            opener.start();
            // The second open is under way while the lease is still held: it waits, or (the bug) fails at once.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (opener.getState() != Thread.State.WAITING && !second.isDone() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            catalog.proceed.countDown();
            closing.get(1, TimeUnit.MINUTES);
            try (BlockDevice reopened = second.get(1, TimeUnit.MINUTES)) {
                assertArrayEquals(new byte[] {1, 2, 3}, TestBed.read(reopened, 0, 3));
                assertEquals("this-process", catalog.findLease(manager.list().get(0).id()).orElseThrow().holder());
            }
        }
    }
}
