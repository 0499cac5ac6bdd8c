package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The collector rewrites the live extents of mostly dead segments and deletes them. */
class CollectorTest {
    private static final int SIZE = 256 * 1024;

    private final TestBed bed = new TestBed();
    private final Random random = new Random(23);

    @AfterEach
    void close() throws IOException {
        bed.close();
    }

    @Test
    void overwrittenSegmentsAreReclaimedAndTheVolumeReadsTheSame() throws IOException {
        VolumeManager manager = bed.process("one");
        long id = manager.create("v", SIZE).id();
        byte[] model = new byte[SIZE];
        byte[] pinned;
        try (BlockDevice device = manager.open("v")) {
            fill(device, model);
            manager.snapshot("v", "kept");
            pinned = model.clone();
            for (int round = 0; round < 3; round++) {
                fill(device, model);
            }
            // A few scattered survivors in otherwise dead segments.
            device.trim(0, SIZE / 2, false);
            Arrays.fill(model, 0, SIZE / 2, (byte) 0);
            byte[] scattered = TestBed.random(random, 3000);
            TestBed.write(device, 1000, scattered, false);
            System.arraycopy(scattered, 0, model, 1000, 3000);
            device.flush();

            VolumeInfo before = manager.info("v").orElseThrow();
            List<Long> segmentsBefore = bed.store.list(id);
            CollectionReport report = manager.collect("v", 0.5);
            VolumeInfo after = manager.info("v").orElseThrow();

            assertTrue(report.segmentsRemoved() > 0, report.toString());
            List<Long> segmentsAfter = bed.store.list(id);
            assertEquals(report.segmentsRemoved(),
                    segmentsBefore.stream().filter(segment -> !segmentsAfter.contains(segment)).count());
            assertTrue(after.deadBytes() < before.deadBytes(), before + " then " + after);
            assertEquals(before.liveBytes(), after.liveBytes());
            assertArrayEquals(model, TestBed.read(device, 0, SIZE));
            try (BlockDevice snapshot = manager.openSnapshot("v", "kept")) {
                assertArrayEquals(pinned, TestBed.read(snapshot, 0, SIZE), "segments a snapshot needs are kept");
            }
            TestBed.write(device, SIZE - 10, new byte[10], true);
            Arrays.fill(model, SIZE - 10, SIZE, (byte) 0);
        }
        bed.crash(0);
        try (BlockDevice reopened = bed.process("two").open("v")) {
            assertArrayEquals(model, TestBed.read(reopened, 0, SIZE));
        }
    }

    @Test
    void nothingToCollectChangesNothing() throws IOException {
        VolumeManager manager = bed.process("one");
        long id = manager.create("v", SIZE).id();
        try (BlockDevice device = manager.open("v")) {
            TestBed.write(device, 0, TestBed.random(random, 1000), true);
        }
        List<Long> segments = bed.store.list(id);
        assertEquals(new CollectionReport(0, 0, 0), manager.collect("v", 0.0));
        assertEquals(segments.size() + 1, bed.store.list(id).size(), "only the collector's own writer's segment");
        assertThrows(IllegalArgumentException.class, () -> manager.collect("v", 1.0));
    }

    private void fill(BlockDevice device, byte[] model) throws IOException {
        for (int at = 0; at < SIZE; at += 8192) {
            byte[] bytes = TestBed.random(random, 8192);
            TestBed.write(device, at, bytes, false);
            System.arraycopy(bytes, 0, model, at, bytes.length);
        }
    }
}
