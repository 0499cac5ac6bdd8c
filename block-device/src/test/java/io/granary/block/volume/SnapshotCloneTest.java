package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import io.granary.block.BlockDevice.Allocation;
import io.granary.block.ReadOnlyDeviceException;
import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.block.ParentSnapshot;
import io.granary.core.block.VolumeRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Snapshots pin a map; clones are layered over snapshots; flatten copies the parent in. */
class SnapshotCloneTest {
    private static final int SIZE = 128 * 1024;

    private final TestBed bed = new TestBed();
    private final Random random = new Random(5);

    @AfterEach
    void close() throws IOException {
        bed.close();
    }

    @Test
    void aSnapshotKeepsReadingWhatWasThereWhileTheVolumeChanges() throws IOException {
        VolumeManager manager = bed.process("one");
        manager.create("base", SIZE);
        byte[] old = TestBed.random(random, SIZE);
        try (BlockDevice base = manager.open("base")) {
            TestBed.write(base, 0, old, false);
            assertEquals(SIZE, manager.snapshot("base", "s1").size());
            byte[] overwritten = TestBed.random(random, 10_000);
            TestBed.write(base, 5_000, overwritten, false);
            base.trim(60_000, 4096, false);
            assertArrayEquals(overwritten, TestBed.read(base, 5_000, 10_000));
            try (BlockDevice snapshot = manager.openSnapshot("base", "s1")) {
                assertTrue(snapshot.readOnly());
                assertEquals(SIZE, snapshot.size());
                assertArrayEquals(old, TestBed.read(snapshot, 0, SIZE));
                assertEquals(List.of(new Allocation(SIZE, false, false)), snapshot.allocation(0, SIZE));
                assertReadOnly(() -> snapshot.write(0, ByteBuffer.allocate(1), false));
                assertReadOnly(() -> snapshot.trim(0, 1, false));
                assertReadOnly(() -> snapshot.writeZeroes(0, 1, true, false));
            }
            StoreException again = assertThrows(StoreException.class, () -> manager.snapshot("base", "s1"));
            assertEquals(StoreError.ALREADY_EXISTS, again.error());
        }
        // The snapshot outlives the writer: reopened from the catalog alone.
        try (BlockDevice snapshot = bed.process("two").openSnapshot("base", "s1")) {
            assertArrayEquals(old, TestBed.read(snapshot, 0, SIZE));
        }
    }

    @Test
    void aCloneReadsItsParentUntilWrittenAndDivergesIndependently() throws IOException {
        VolumeManager manager = bed.process("one");
        manager.create("base", SIZE);
        byte[] golden = TestBed.random(random, SIZE);
        BlockDevice base = manager.open("base");
        TestBed.write(base, 0, golden, true);
        manager.snapshot("base", "golden");
        VolumeRecord clone = manager.clone("base", "golden", "clone", 2 * SIZE);
        assertEquals(Optional.of(new ParentSnapshot("base", manager.list().get(0).id(), "golden")), clone.parent());

        byte[] cloneModel = Arrays.copyOf(golden, 2 * SIZE);
        byte[] baseModel = golden.clone();
        try (BlockDevice device = manager.open("clone")) {
            assertEquals(2 * SIZE, device.size());
            assertArrayEquals(cloneModel, TestBed.read(device, 0, 2 * SIZE));
            byte[] mine = TestBed.random(random, 100);
            TestBed.write(device, 1000, mine, false);
            System.arraycopy(mine, 0, cloneModel, 1000, 100);
            device.trim(8192, 4096, false);
            Arrays.fill(cloneModel, 8192, 8192 + 4096, (byte) 0);
            byte[] beyond = TestBed.random(random, 5000);
            TestBed.write(device, SIZE - 2000, beyond, false);
            System.arraycopy(beyond, 0, cloneModel, SIZE - 2000, 5000);

            byte[] theirs = TestBed.random(random, 3000);
            TestBed.write(base, 900, theirs, false);
            System.arraycopy(theirs, 0, baseModel, 900, 3000);

            assertArrayEquals(cloneModel, TestBed.read(device, 0, 2 * SIZE));
            assertArrayEquals(baseModel, TestBed.read(base, 0, SIZE));
            try (BlockDevice snapshot = manager.openSnapshot("base", "golden")) {
                assertArrayEquals(golden, TestBed.read(snapshot, 0, SIZE));
            }
            List<Allocation> allocation = device.allocation(0, 2 * SIZE);
            assertEquals(new Allocation(8192, false, false), allocation.get(0));
            assertEquals(new Allocation(4096, true, true), allocation.get(1));
        }
        base.close();
        try (BlockDevice reopened = bed.process("two").open("clone")) {
            assertArrayEquals(cloneModel, TestBed.read(reopened, 0, 2 * SIZE));
        }
    }

    @Test
    void flattenCopiesTheParentInAndFreesIt() throws IOException {
        VolumeManager manager = bed.process("one");
        manager.create("base", SIZE);
        byte[] golden = TestBed.random(random, SIZE);
        Arrays.fill(golden, 20_000, 40_000, (byte) 0);
        try (BlockDevice base = manager.open("base")) {
            TestBed.write(base, 0, golden, true);
        }
        manager.snapshot("base", "golden");
        manager.clone("base", "golden", "clone");
        byte[] model = golden.clone();
        try (BlockDevice device = manager.open("clone")) {
            byte[] mine = TestBed.random(random, 7000);
            TestBed.write(device, 50_000, mine, true);
            System.arraycopy(mine, 0, model, 50_000, 7000);
        }
        manager.snapshot("clone", "before-flatten");
        assertConflict(() -> manager.delete("base"));
        assertConflict(() -> manager.deleteSnapshot("base", "golden"));

        manager.flatten("clone");
        assertEquals(Optional.empty(), bed.catalog.findVolume("clone").orElseThrow().parent());
        try (BlockDevice device = manager.open("clone")) {
            assertArrayEquals(model, TestBed.read(device, 0, SIZE));
        }
        // The snapshot taken before still reads through to the base, which it keeps alive.
        try (BlockDevice snapshot = manager.openSnapshot("clone", "before-flatten")) {
            assertArrayEquals(model, TestBed.read(snapshot, 0, SIZE));
        }
        assertConflict(() -> manager.delete("base"));
        manager.deleteSnapshot("clone", "before-flatten");
        manager.deleteSnapshot("base", "golden");
        manager.delete("base");
        assertEquals(List.of("clone"), manager.list().stream().map(VolumeRecord::name).toList());
        try (BlockDevice device = bed.process("two").open("clone")) {
            assertArrayEquals(model, TestBed.read(device, 0, SIZE));
        }
    }

    @Test
    void clonesOfClonesReadThroughEveryLayer() throws IOException {
        VolumeManager manager = bed.process("one");
        manager.create("a", 3 * 4096);
        try (BlockDevice a = manager.open("a")) {
            TestBed.write(a, 0, filled(3 * 4096, 1), false);
        }
        manager.snapshot("a", "s");
        manager.clone("a", "s", "b");
        try (BlockDevice b = manager.open("b")) {
            TestBed.write(b, 4096, filled(4096, 2), false);
        }
        manager.snapshot("b", "s");
        manager.clone("b", "s", "c");
        try (BlockDevice c = manager.open("c")) {
            TestBed.write(c, 8192, filled(4096, 3), false);
            byte[] expected = new byte[3 * 4096];
            Arrays.fill(expected, 0, 4096, (byte) 1);
            Arrays.fill(expected, 4096, 8192, (byte) 2);
            Arrays.fill(expected, 8192, 3 * 4096, (byte) 3);
            assertArrayEquals(expected, TestBed.read(c, 0, 3 * 4096));
        }
        manager.flatten("c");
        manager.flatten("b");
        try (BlockDevice c = manager.open("c")) {
            assertEquals(1, TestBed.read(c, 0, 1)[0]);
            assertEquals(2, TestBed.read(c, 4096, 1)[0]);
            assertEquals(3, TestBed.read(c, 8192, 1)[0]);
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static void assertReadOnly(Executable change) {
        assertThrows(ReadOnlyDeviceException.class, change);
    }

    private static void assertConflict(Executable operation) {
        StoreException refused = assertThrows(StoreException.class, operation);
        assertEquals(StoreError.CONFLICT, refused.error(), refused.getMessage());
    }
}
