package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import io.granary.core.block.SegmentStore;
import io.granary.core.block.SegmentWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint's sync and catalog write happen outside the volume's write lock: while the sync of a
 * checkpoint that a write made due is held up, other writes and reads of the volume go on.
 */
class CheckpointWhileWritingTest {
    /** Deadlines for threads to arrive, not measurements: generous on a busy machine. */
    private static final long DEADLINE_SECONDS = 60;

    private final TestBed bed = new TestBed();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final GatedSyncs store = new GatedSyncs(bed.store);

    @AfterEach
    void close() throws IOException {
        store.openGate();
        threads.shutdownNow();
        scheduler.shutdownNow();
        bed.close();
    }

    @Test
    void writesGoOnWhileADueCheckpointSyncs() throws Exception {
        VolumeConfig config = VolumeConfig.defaults("one").withSegmentBytes(1 << 20).withCheckpointBytes(24 * 1024)
                .withLeaseTerm(TestBed.LEASE);
        VolumeManager manager = new VolumeManager(bed.catalog, store, config, bed.clock, scheduler);
        manager.create("v", 1 << 20);
        try (BlockDevice device = manager.open("v")) {
            long id = manager.list().get(0).id();
            long before = bed.catalog.latestCheckpoint(id).orElseThrow().sequence();
            Random random = new Random(5);
            byte[] first = TestBed.random(random, 30 * 1024);
            store.closeGate();
            // Makes a checkpoint due; its writer then syncs for it, and waits at the gate.
            Future<?> dueWrite = threads.submit(() -> {
                TestBed.write(device, 0, first, false);
                return null;
            });
            assertTrue(store.awaitWaitingSync(), "the checkpoint's sync reached the store");

            byte[] second = TestBed.random(random, 4096);
            Future<byte[]> meanwhile = threads.submit(() -> {
                TestBed.write(device, 100_000, second, false);
                return TestBed.read(device, 100_000, second.length);
            });
            try {
                assertArrayEquals(second, meanwhile.get(DEADLINE_SECONDS, TimeUnit.SECONDS),
                        "a write and a read completed while the checkpoint's sync was held");
            } finally {
                store.openGate();
            }
            dueWrite.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            assertTrue(bed.catalog.latestCheckpoint(id).orElseThrow().sequence() > before, "the checkpoint was stored");
            assertArrayEquals(first, TestBed.read(device, 0, first.length));
        }
    }

    /** A segment store whose writers' syncs wait while the gate is closed. */
    private static final class GatedSyncs extends ForwardingSegmentStore {
        private final Semaphore waiting = new Semaphore(0);
        private volatile CountDownLatch gate = new CountDownLatch(0);

        GatedSyncs(SegmentStore delegate) {
            super(delegate);
        }

        void closeGate() {
            gate = new CountDownLatch(1);
        }

        void openGate() {
            gate.countDown();
        }

        boolean awaitWaitingSync() throws InterruptedException {
            return waiting.tryAcquire(DEADLINE_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public SegmentWriter create(long volume, long segment) throws IOException {
            SegmentWriter writer = super.create(volume, segment);
            return new SegmentWriter() {
                @Override
                public long segment() {
                    return writer.segment();
                }

                @Override
                public long length() {
                    return writer.length();
                }

                @Override
                public void append(ByteBuffer source) throws IOException {
                    writer.append(source);
                }

                @Override
                public void flush() throws IOException {
                    writer.flush();
                }

                @Override
                public void sync() throws IOException {
                    CountDownLatch current = gate;
                    if (current.getCount() > 0) {
                        waiting.release();
                        try {
                            current.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("sync interrupted");
                        }
                    }
                    writer.sync();
                }

                @Override
                public void close() throws IOException {
                    writer.close();
                }
            };
        }
    }
}
