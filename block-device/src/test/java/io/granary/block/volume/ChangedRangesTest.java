package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.block.BlockDevice;
import io.granary.core.StoreError;
import io.granary.core.StoreException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Changed-block lists compare two snapshots' maps. */
class ChangedRangesTest {
    private final TestBed bed = new TestBed();

    @AfterEach
    void close() throws IOException {
        bed.close();
    }

    @Test
    void onlyWhatWasWrittenTrimmedOrZeroedInBetweenIsListed() throws IOException {
        VolumeManager manager = bed.process("one");
        manager.create("v", 1 << 20);
        try (BlockDevice device = manager.open("v")) {
            TestBed.write(device, 0, new byte[100_000], false);
            device.trim(500_000, 4096, false);
            manager.snapshot("v", "monday");
            TestBed.write(device, 4096, new byte[4096], false);
            TestBed.write(device, 8192, new byte[512], false);
            device.trim(50_000, 1000, false);
            device.writeZeroes(200_000, 10, false, false);
            // Zeroing a hole again changes nothing a reader could see.
            device.trim(500_000, 4096, false);
            manager.snapshot("v", "tuesday");
        }
        assertEquals(List.of(new ChangedRange(4096, 4096 + 512), new ChangedRange(50_000, 1000),
                new ChangedRange(200_000, 10)), manager.changedRanges("v", "monday", "tuesday"));
        assertEquals(manager.changedRanges("v", "monday", "tuesday"), manager.changedRanges("v", "tuesday", "monday"));
        assertEquals(List.of(), manager.changedRanges("v", "monday", "monday"));

        manager.resize("v", (1 << 20) + 4096);
        manager.snapshot("v", "grown");
        assertEquals(List.of(new ChangedRange(4096, 4096 + 512), new ChangedRange(50_000, 1000),
                new ChangedRange(200_000, 10), new ChangedRange(1 << 20, 4096)),
                manager.changedRanges("v", "monday", "grown"));
        StoreException missing = assertThrows(StoreException.class,
                () -> manager.changedRanges("v", "monday", "nope"));
        assertEquals(StoreError.NOT_FOUND, missing.error());
    }
}
