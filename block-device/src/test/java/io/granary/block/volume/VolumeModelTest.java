package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import io.granary.block.BlockDevice.Allocation;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Random writes, trims and zeroings at random offsets and lengths, checked against a byte array. */
class VolumeModelTest {
    private static final int SIZE = 1 << 20;

    private final TestBed bed = new TestBed();

    @AfterEach
    void close() throws IOException {
        bed.close();
    }

    @Test
    void randomOperationsReadLikeAByteArrayAndSurviveReopening() throws IOException {
        Random random = new Random(7);
        byte[] model = new byte[SIZE];
        VolumeManager manager = bed.process("one");
        manager.create("model", SIZE);
        BlockDevice device = manager.open("model");
        for (int i = 0; i < 2500; i++) {
            int offset = offset(random);
            int length = Math.min(SIZE - offset, length(random));
            switch (random.nextInt(12)) {
                case 0 -> {
                    device.trim(offset, length, random.nextBoolean());
                    Arrays.fill(model, offset, offset + length, (byte) 0);
                }
                case 1 -> {
                    device.writeZeroes(offset, length, random.nextBoolean(), random.nextBoolean());
                    Arrays.fill(model, offset, offset + length, (byte) 0);
                }
                case 2 -> device.flush();
                case 3, 4 -> assertArrayEquals(Arrays.copyOfRange(model, offset, offset + length),
                        TestBed.read(device, offset, length), "read " + offset + "+" + length + " at step " + i);
                default -> {
                    byte[] bytes = TestBed.random(random, length);
                    TestBed.write(device, offset, bytes, random.nextInt(8) == 0);
                    System.arraycopy(bytes, 0, model, offset, length);
                }
            }
        }
        assertArrayEquals(model, TestBed.read(device, 0, SIZE));
        assertAllocationMatches(device, model);
        assertTrue(bed.store.list(manager.list().get(0).id()).size() > 3, "segments rolled over");
        device.close();

        BlockDevice reopened = bed.process("two").open("model");
        assertArrayEquals(model, TestBed.read(reopened, 0, SIZE));
        reopened.close();
    }

    @Test
    void sectorSizedAndUnalignedWritesKeepTheirNeighbours() throws IOException {
        VolumeManager manager = bed.process("one");
        manager.create("small", 16384);
        try (BlockDevice device = manager.open("small")) {
            byte[] model = new byte[16384];
            Random random = new Random(3);
            int[][] writes = {{0, 512}, {512, 512}, {4096 - 512, 1024}, {1, 1}, {4095, 2}, {7000, 1}, {100, 5000}};
            for (int[] write : writes) {
                byte[] bytes = TestBed.random(random, write[1]);
                TestBed.write(device, write[0], bytes, false);
                System.arraycopy(bytes, 0, model, write[0], write[1]);
                assertArrayEquals(model, TestBed.read(device, 0, 16384));
            }
            device.trim(4000, 200, false);
            Arrays.fill(model, 4000, 4200, (byte) 0);
            assertArrayEquals(model, TestBed.read(device, 0, 16384));
            assertArrayEquals(Arrays.copyOfRange(model, 3999, 4001), TestBed.read(device, 3999, 2));
        }
    }

    @Test
    void allocationTellsDataFromHolesAndZeroes() throws IOException {
        VolumeManager manager = bed.process("one");
        manager.create("sparse", 1 << 16);
        try (BlockDevice device = manager.open("sparse")) {
            TestBed.write(device, 4096, new byte[8192], false);
            device.writeZeroes(4096 + 4096, 4096, false, false);
            device.trim(4096 + 2048, 1024, false);
            assertEquals(List.of(new Allocation(4096, true, true), new Allocation(2048, false, false),
                    new Allocation(1024, true, true), new Allocation(1024, false, false),
                    new Allocation(4096, false, true), new Allocation(65536 - 12288, true, true)),
                    device.allocation(0, 1 << 16));
            assertEquals(List.of(new Allocation(100, false, false)), device.allocation(5000, 100));
        }
    }

    private static void assertAllocationMatches(BlockDevice device, byte[] model) throws IOException {
        long at = 0;
        while (at < SIZE) {
            List<Allocation> extents = device.allocation(at, SIZE - at);
            assertFalse(extents.isEmpty());
            for (Allocation extent : extents) {
                if (extent.zero()) {
                    for (long b = at; b < at + extent.length(); b++) {
                        assertEquals(0, model[(int) b], "byte " + b + " reported zero");
                    }
                }
                at += extent.length();
            }
        }
        assertEquals(SIZE, at);
    }

    private static int offset(Random random) {
        int offset = random.nextInt(SIZE);
        return switch (random.nextInt(3)) {
            case 0 -> offset & ~4095;
            case 1 -> offset & ~511;
            default -> offset;
        };
    }

    private static int length(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 4096 * (1 + random.nextInt(4));
            case 1 -> 512 * (1 + random.nextInt(8));
            case 2 -> 1 + random.nextInt(100);
            default -> 1 + random.nextInt(20_000);
        };
    }
}
