package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import io.granary.block.BlockDeviceProvider;
import io.granary.block.ReadOnlyDeviceException;
import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.block.VolumeRecord;
import io.granary.core.block.VolumeState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Volume lifecycle, space accounting and the device provider. */
class VolumeManagerTest {
    private final TestBed bed = new TestBed();

    @AfterEach
    void close() throws IOException {
        bed.close();
    }

    @Test
    void createListAndBadInput() {
        VolumeManager manager = bed.process("one");
        VolumeRecord created = manager.create("vol-1.data_x", 1 << 20);
        assertEquals(List.of(created), manager.list());
        assertError(StoreError.ALREADY_EXISTS, () -> manager.create("vol-1.data_x", 10));
        for (String bad : new String[] {"", "a@b", "a/b", ".hidden", "x".repeat(129), "spa ce"}) {
            assertError(StoreError.INVALID_ARGUMENT, () -> manager.create(bad, 10));
        }
        assertError(StoreError.INVALID_ARGUMENT, () -> manager.create("negative", -1));
        assertError(StoreError.NOT_FOUND, () -> manager.open("missing"));
        assertError(StoreError.NOT_FOUND, () -> manager.openSnapshot("vol-1.data_x", "missing"));
        assertError(StoreError.NOT_FOUND, () -> manager.clone("vol-1.data_x", "missing", "c"));
        assertEquals(List.of(created), manager.list(), "refused calls changed nothing");
    }

    @Test
    void resizeGrowsForNewHandlesAndNeverShrinks() throws IOException {
        VolumeManager manager = bed.process("one");
        manager.create("v", 4096);
        BlockDevice first = manager.open("v");
        TestBed.write(first, 4000, new byte[96], false);
        assertEquals(8192, manager.resize("v", 8192).size());
        assertEquals(4096, first.size(), "an open handle keeps its size");
        try (BlockDevice second = manager.open("v")) {
            assertEquals(8192, second.size());
            TestBed.write(second, 8000, new byte[] {1, 2, 3}, true);
            assertArrayEquals(new byte[] {0, 1, 2, 3, 0}, TestBed.read(second, 7999, 5));
        }
        first.close();
        assertError(StoreError.INVALID_ARGUMENT, () -> manager.resize("v", 4096));
        assertEquals(8192, manager.list().get(0).size());
        try (BlockDevice reopened = bed.process("two").open("v")) {
            assertEquals(8192, reopened.size());
            assertArrayEquals(new byte[] {1, 2, 3}, TestBed.read(reopened, 8000, 3));
        }
    }

    @Test
    void deleteIsRefusedWhileOpenAndRemovesEverything() throws IOException {
        VolumeManager manager = bed.process("one");
        VolumeRecord volume = manager.create("v", 1 << 16);
        BlockDevice device = manager.open("v");
        TestBed.write(device, 0, new byte[5000], true);
        manager.snapshot("v", "s");
        assertError(StoreError.CONFLICT, () -> manager.delete("v"));
        device.close();
        manager.delete("v");
        assertEquals(List.of(), manager.list());
        assertEquals(List.of(), bed.store.list(volume.id()));
        assertEquals(List.of(), bed.catalog.listSnapshots(volume.id()));
        assertEquals(Optional.empty(), bed.catalog.latestCheckpoint(volume.id()));
        VolumeRecord again = manager.create("v", 1 << 16);
        try (BlockDevice fresh = manager.open("v")) {
            assertArrayEquals(new byte[5000], TestBed.read(fresh, 0, 5000));
        }
        assertTrue(again.id() != volume.id());
    }

    @Test
    void aDeleteWaitsForAHandleBeingClosed() throws Exception {
        VolumeManager manager = bed.process("one");
        manager.create("v", 1 << 16);
        BlockDevice device = manager.open("v");
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            // As when an NBD client exits right after its disconnect, before the server closed its handle.
            AtomicReference<Thread> deleter = new AtomicReference<>();
            Future<?> delete = thread.submit(() -> {
                deleter.set(Thread.currentThread());
                manager.delete("v");
                return null;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (deleter.get() == null || deleter.get().getState() != Thread.State.TIMED_WAITING) {
                assertTrue(System.nanoTime() < deadline, "the delete waits for the handle");
                Thread.onSpinWait();
            }
            device.close();
            delete.get(60, TimeUnit.SECONDS);
            assertEquals(List.of(), manager.list());
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aDeleteThatStoppedHalfWayIsFinished() throws IOException {
        VolumeManager manager = bed.process("one");
        VolumeRecord volume = manager.create("v", 4096);
        try (BlockDevice device = manager.open("v")) {
            TestBed.write(device, 0, new byte[100], true);
        }
        assertTrue(bed.catalog.updateVolume(volume, volume.withState(VolumeState.DELETING)));
        assertError(StoreError.NOT_FOUND, () -> manager.open("v"));
        manager.delete("v");
        assertEquals(List.of(), manager.list());
        assertEquals(List.of(), bed.store.list(volume.id()));
    }

    @Test
    void infoCountsLiveAndDeadBytes() throws IOException {
        VolumeManager manager = bed.process("one");
        manager.create("v", 1 << 16);
        try (BlockDevice device = manager.open("v")) {
            TestBed.write(device, 0, new byte[4096], false);
            manager.snapshot("v", "s");
            TestBed.write(device, 0, new byte[4096], false);
            TestBed.write(device, 0, new byte[4096], true);
            VolumeInfo info = manager.info("v").orElseThrow();
            assertEquals(4096, info.liveBytes());
            assertEquals(1, info.snapshots());
            long records = 3 * (4096 + SegmentRecord.HEADER_LENGTH);
            assertEquals(records, info.storedBytes());
            // The first write is kept by the snapshot, the third is live, the second is dead.
            assertEquals(records - 2 * 4096, info.deadBytes());
        }
        VolumeInfo closed = manager.info("v").orElseThrow();
        assertEquals(4096, closed.liveBytes());
        assertEquals(Optional.empty(), manager.info("none"));
    }

    @Test
    void theProviderExportsVolumesAndSnapshotsAndSharesTheWriter() throws IOException {
        VolumeManager manager = bed.process("one");
        BlockDeviceProvider provider = new VolumeDeviceProvider(manager);
        manager.create("b", 4096);
        manager.create("a", 4096);
        manager.snapshot("a", "s1");
        assertEquals(List.of("a", "a@s1", "b"), provider.names());
        assertEquals(Optional.empty(), provider.open("missing"));
        assertEquals(Optional.empty(), provider.open("a@missing"));
        assertEquals(Optional.empty(), provider.open("missing@s1"));

        BlockDevice one = provider.open("a").orElseThrow();
        BlockDevice two = provider.open("a").orElseThrow();
        assertTrue(one.flushCoversAllHandles());
        assertFalse(one.readOnly());
        int syncs = bed.store.syncs();
        TestBed.write(one, 0, new byte[] {42}, false);
        two.flush();
        assertTrue(bed.store.syncs() > syncs, "the flush through the other handle synced");
        assertArrayEquals(new byte[] {42}, TestBed.read(two, 0, 1));
        one.close();
        TestBed.write(two, 1, new byte[] {43}, true);
        two.close();
        assertThrows(IOException.class, () -> TestBed.read(two, 0, 1));

        try (BlockDevice snapshot = provider.open("a@s1").orElseThrow()) {
            assertTrue(snapshot.readOnly());
            assertArrayEquals(new byte[2], TestBed.read(snapshot, 0, 2));
            assertThrows(ReadOnlyDeviceException.class, () -> snapshot.write(0, ByteBuffer.allocate(1), true));
        }
        try (BlockDevice again = bed.process("two").open("a")) {
            assertArrayEquals(new byte[] {42, 43}, TestBed.read(again, 0, 2));
        }
    }

    private static void assertError(StoreError expected, Executable operation) {
        StoreException refused = assertThrows(StoreException.class, operation);
        assertEquals(expected, refused.error(), refused.getMessage());
    }
}
