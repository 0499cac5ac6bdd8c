package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import java.io.IOException;
import io.granary.core.block.Checkpoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A process dies without closing its volume; another opens it from the same stores. */
class CrashRecoveryTest {
    private static final int SIZE = 256 * 1024;

    private final TestBed bed = new TestBed();
    private final Random random = new Random(11);

    @AfterEach
    void close() throws IOException {
        bed.close();
    }

    @Test
    void flushedWritesSurviveAndATornTailIsIgnored() throws IOException {
        VolumeManager first = bed.process("first");
        first.create("v", SIZE);
        BlockDevice device = first.open("v");
        byte[] model = new byte[SIZE];
        // Enough to cross segments and checkpoints, then a tail after the last checkpoint.
        for (int i = 0; i < 40; i++) {
            int offset = random.nextInt(SIZE - 5000);
            byte[] bytes = TestBed.random(random, 1 + random.nextInt(5000));
            TestBed.write(device, offset, bytes, false);
            System.arraycopy(bytes, 0, model, offset, bytes.length);
        }
        device.trim(1000, 3000, false);
        Arrays.fill(model, 1000, 4000, (byte) 0);
        byte[] durable = TestBed.random(random, 700);
        TestBed.write(device, 100_000, durable, true);
        System.arraycopy(durable, 0, model, 100_000, durable.length);
        byte[] lost = TestBed.random(random, 3000);
        TestBed.write(device, 200_000, lost, false);

        // The unsynced record keeps its header and part of its data: a torn tail.
        bed.crash(SegmentRecord.HEADER_LENGTH + 1000);

        try (BlockDevice reopened = bed.process("second").open("v")) {
            assertArrayEquals(model, TestBed.read(reopened, 0, SIZE));
            TestBed.write(reopened, 200_000, lost, true);
            System.arraycopy(lost, 0, model, 200_000, lost.length);
        }
        try (BlockDevice again = bed.process("third").open("v")) {
            assertArrayEquals(model, TestBed.read(again, 0, SIZE));
        }
    }

    @Test
    void unflushedWritesAreEachKeptWholeOrLostWhole() throws IOException {
        VolumeManager first = bed.process("first");
        first.create("v", SIZE);
        BlockDevice device = first.open("v");
        byte[] base = TestBed.random(random, SIZE);
        TestBed.write(device, 0, base, false);
        device.flush();
        int[] offsets = {0, 10_000, 20_000, 30_000};
        byte[][] unflushed = new byte[offsets.length][];
        for (int i = 0; i < offsets.length; i++) {
            unflushed[i] = TestBed.random(random, 4096);
            TestBed.write(device, offsets[i], unflushed[i], false);
        }
        // Keeps the first two records and half of the third.
        bed.crash(2 * (SegmentRecord.HEADER_LENGTH + 4096) + 2000);

        try (BlockDevice reopened = bed.process("second").open("v")) {
            for (int i = 0; i < offsets.length; i++) {
                byte[] expected = i < 2 ? unflushed[i] : Arrays.copyOfRange(base, offsets[i], offsets[i] + 4096);
                assertArrayEquals(expected, TestBed.read(reopened, offsets[i], 4096), "write " + i);
            }
            assertArrayEquals(Arrays.copyOfRange(base, 40_000, SIZE), TestBed.read(reopened, 40_000, SIZE - 40_000));
        }
    }

    @Test
    void aWriteBeyondTheLargestRecordSurvivesACrash() throws IOException {
        int size = (LogVolume.MAX_RECORD_DATA * 2) + 4096;
        VolumeManager first = bed.process(VolumeConfig.defaults("first"));
        first.create("big", size);
        BlockDevice device = first.open("big");
        byte[] big = TestBed.random(random, LogVolume.MAX_RECORD_DATA + 12345);
        TestBed.write(device, 100, big, true);
        bed.crash(0);
        try (BlockDevice reopened = bed.process("second").open("big")) {
            assertArrayEquals(big, TestBed.read(reopened, 100, big.length));
            assertArrayEquals(new byte[100], TestBed.read(reopened, 0, 100));
        }
    }

    @Test
    void aCorruptRecordEndsReplayOfItsSegment() throws IOException {
        VolumeManager first = bed.process("first");
        first.create("v", SIZE);
        BlockDevice device = first.open("v");
        byte[] kept = TestBed.random(random, 500);
        TestBed.write(device, 0, kept, true);
        TestBed.write(device, 1000, TestBed.random(random, 500), false);
        // The second record is there whole but for a damaged byte: its checksum fails.
        bed.crash(Integer.MAX_VALUE);
        bed.store.corruptLastByte();
        try (BlockDevice reopened = bed.process("second").open("v")) {
            assertArrayEquals(kept, TestBed.read(reopened, 0, 500));
            assertArrayEquals(new byte[500], TestBed.read(reopened, 1000, 500));
        }
    }

    @Test
    void theOldWritersSegmentsAreSealed() throws IOException {
        VolumeManager first = bed.process("first");
        first.create("v", SIZE);
        BlockDevice stale = first.open("v");
        TestBed.write(stale, 0, new byte[] {1}, true);
        bed.clock.advance(TestBed.LEASE.plusSeconds(1));
        try (BlockDevice taken = bed.process("second").open("v")) {
            assertThrows(IOException.class, () -> TestBed.write(stale, 0, new byte[] {2}, true));
            assertArrayEquals(new byte[] {1}, TestBed.read(taken, 0, 1));
        }
        long id = first.list().get(0).id();
        assertTrue(bed.catalog.findLease(id).isEmpty(), "released by the second writer");
        assertEquals(2, bed.catalog.latestCheckpoint(id).orElseThrow().replaySegment() >>> 32,
                "the last checkpoint is the second writer's");
    }

    @Test
    void checkpointsKeepUpWithConcurrentWritersAndReplayStartsFromThem() throws Exception {
        VolumeManager first = bed.process("first");
        first.create("v", SIZE);
        BlockDevice device = first.open("v");
        long id = first.list().get(0).id();
        long opened = bed.catalog.latestCheckpoint(id).orElseThrow().sequence();
        byte[] model = new byte[SIZE];
        int writers = 4;
        int region = SIZE / writers;
        // Each thread writes its own quarter, so the model does not depend on their interleaving.
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                Random own = new Random(100 + t);
                int base = t * region;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 120; i++) {
                        byte[] bytes = TestBed.random(own, 1 + own.nextInt(3000));
                        int offset = base + own.nextInt(region - bytes.length);
                        TestBed.write(device, offset, bytes, false);
                        synchronized (model) {
                            System.arraycopy(bytes, 0, model, offset, bytes.length);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        } finally {
            threads.shutdown();
        }
        device.flush();
        Checkpoint latest = bed.catalog.latestCheckpoint(id).orElseThrow();
        // About 360 KiB went through 64 KiB segments with a checkpoint due every 24 KiB.
        assertTrue(latest.sequence() > opened, "checkpoints were taken while the writers wrote");
        assertTrue((latest.replaySegment() & 0xFFFF_FFFFL) > 1, "a checkpoint after the first segments");

        bed.crash(0);
        try (BlockDevice reopened = bed.process("second").open("v")) {
            assertArrayEquals(model, TestBed.read(reopened, 0, SIZE));
        }
    }
}
