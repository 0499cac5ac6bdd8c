package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import io.granary.block.DeviceBusyException;
import io.granary.core.block.Checkpoint;
import io.granary.core.block.VolumeRecord;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One writer per volume, fenced by lease epochs. */
class LeaseTest {
    private final TestBed bed = new TestBed();

    @AfterEach
    void close() throws IOException {
        bed.close();
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheVolume() throws IOException {
        VolumeManager first = bed.process("first-host");
        VolumeManager second = bed.process("second-host");
        first.create("v", 4096);
        try (BlockDevice device = first.open("v")) {
            TestBed.write(device, 0, new byte[] {9}, true);
            first.snapshot("v", "s");
            DeviceBusyException busy = assertThrows(DeviceBusyException.class, () -> second.open("v"));
            assertTrue(busy.getMessage().contains("first-host"), busy.getMessage());
            assertThrows(DeviceBusyException.class, () -> second.snapshot("v", "other"));
            assertThrows(DeviceBusyException.class, () -> second.delete("v"));
            // Snapshots need no lease.
            try (BlockDevice snapshot = second.openSnapshot("v", "s")) {
                assertArrayEquals(new byte[] {9}, TestBed.read(snapshot, 0, 1));
            }
            // Still within the term, renewed: the holder keeps it.
            bed.clock.advance(Duration.ofSeconds(20));
            TestBed.write(device, 1, new byte[] {8}, true);
            bed.clock.advance(Duration.ofSeconds(20));
            assertThrows(DeviceBusyException.class, () -> second.open("v"));
        }
        try (BlockDevice device = second.open("v")) {
            assertArrayEquals(new byte[] {9, 8}, TestBed.read(device, 0, 2));
        }
    }

    @Test
    void aFencedWriterCanNoLongerWriteOrCheckpoint() throws IOException {
        VolumeManager first = bed.process("first");
        VolumeManager second = bed.process("second");
        VolumeRecord volume = first.create("v", 4096);
        BlockDevice stale = first.open("v");
        TestBed.write(stale, 0, new byte[] {1}, true);
        bed.clock.advance(TestBed.LEASE.plusSeconds(1));
        BlockDevice current = second.open("v");
        Checkpoint taken = bed.catalog.latestCheckpoint(volume.id()).orElseThrow();

        assertThrows(IOException.class, stale::flush);
        assertThrows(IOException.class, () -> TestBed.write(stale, 0, new byte[] {2}, false));
        assertThrows(IOException.class, () -> first.snapshot("v", "late"));
        stale.close();
        assertEquals(taken, bed.catalog.latestCheckpoint(volume.id()).orElseThrow(), "the fenced writer checkpointed");
        assertEquals("second", bed.catalog.findLease(volume.id()).orElseThrow().holder());

        TestBed.write(current, 1, new byte[] {3}, true);
        assertArrayEquals(new byte[] {1, 3}, TestBed.read(current, 0, 2));
        current.close();
    }

    @Test
    void theLeaseIsRenewedInTheBackground() throws IOException {
        VolumeManager first = bed.process(VolumeConfig.defaults("first").withLeaseTerm(Duration.ofMillis(30)));
        first.create("v", 4096);
        try (BlockDevice device = first.open("v")) {
            long id = first.list().get(0).id();
            Instant before = bed.catalog.findLease(id).orElseThrow().expires();
            bed.clock.advance(Duration.ofSeconds(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!bed.catalog.findLease(id).orElseThrow().expires().isAfter(before)) {
                assertTrue(System.nanoTime() < deadline, "the lease was never renewed");
                Thread.onSpinWait();
            }
            TestBed.write(device, 0, new byte[] {1}, true);
        }
    }
}
