package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.granary.block.BlockDevice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several threads, each through a handle of its own, write, trim, read and flush their own region of
 * one volume while segments roll and checkpoints and snapshots are taken; every region reads as its
 * thread's model throughout and after a crash.
 */
class ConcurrentAccessTest {
    private static final int THREADS = 4;
    private static final int REGION = 64 * 1024;

    private final TestBed bed = new TestBed();

    @AfterEach
    void close() throws IOException {
        bed.close();
    }

    @Test
    void threadsOnSharedHandlesSeeTheirOwnWrites() throws Exception {
        VolumeManager manager = bed.process("one");
        manager.create("shared", (long) THREADS * REGION);
        byte[][] models = new byte[THREADS][REGION];
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        List<BlockDevice> handles = new ArrayList<>();
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                BlockDevice handle = manager.open("shared");
                handles.add(handle);
                int thread = t;
                results.add(pool.submit(worker(handle, thread, models[thread], start)));
            }
            results.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 10; i++) {
                    manager.snapshot("shared", "s" + i);
                }
                return null;
            }));
            start.countDown();
            for (Future<Void> result : results) {
                result.get(2, TimeUnit.MINUTES);
            }
            for (int t = 0; t < THREADS; t++) {
                assertArrayEquals(models[t], TestBed.read(handles.get(0), (long) t * REGION, REGION), "region " + t);
            }
            handles.get(0).flush();
        } finally {
            pool.shutdownNow();
        }
        bed.crash(0);
        try (BlockDevice reopened = bed.process("two").open("shared")) {
            for (int t = 0; t < THREADS; t++) {
                assertArrayEquals(models[t], TestBed.read(reopened, (long) t * REGION, REGION), "region " + t);
            }
        }
    }

    private static Callable<Void> worker(BlockDevice device, int thread, byte[] model, CountDownLatch start) {
        return () -> {
            Random random = new Random(thread);
            long base = (long) thread * REGION;
            start.await();
            for (int i = 0; i < 400; i++) {
                int offset = random.nextInt(REGION - 1);
                int length = 1 + random.nextInt(Math.min(REGION - offset, 6000));
                switch (random.nextInt(8)) {
                    case 0 -> {
                        device.trim(base + offset, length, false);
                        Arrays.fill(model, offset, offset + length, (byte) 0);
                    }
                    case 1 -> device.flush();
                    case 2, 3 -> assertArrayEquals(Arrays.copyOfRange(model, offset, offset + length),
                            TestBed.read(device, base + offset, length), "thread " + thread + " step " + i);
                    default -> {
                        byte[] bytes = TestBed.random(random, length);
                        TestBed.write(device, base + offset, bytes, random.nextInt(6) == 0);
                        System.arraycopy(bytes, 0, model, offset, length);
                    }
                }
            }
            return null;
        };
    }
}
