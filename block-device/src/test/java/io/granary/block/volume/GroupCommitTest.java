package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.block.BlockDevice;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A flush syncs only what no sync has covered yet. */
class GroupCommitTest {
    private final TestBed bed = new TestBed();

    @AfterEach
    void close() throws IOException {
        bed.close();
    }

    @Test
    void flushesAndDurableWritesSyncOnlyWhatIsNotDurableYet() throws IOException {
        VolumeManager manager = bed.process("one");
        manager.create("v", 1 << 16);
        try (BlockDevice device = manager.open("v")) {
            int syncs = bed.store.syncs();
            TestBed.write(device, 0, new byte[] {1}, false);
            device.flush();
            assertEquals(syncs + 1, bed.store.syncs());
            device.flush();
            assertEquals(syncs + 1, bed.store.syncs(), "nothing new to sync");
            TestBed.write(device, 1, new byte[] {2}, true);
            assertEquals(syncs + 2, bed.store.syncs());
            device.flush();
            device.trim(100, 100, true);
            assertEquals(syncs + 3, bed.store.syncs());
            // Reading bytes written after the last sync needs them readable, not durable.
            TestBed.write(device, 2, new byte[] {3}, false);
            assertArrayEquals(new byte[] {1, 2, 3}, TestBed.read(device, 0, 3));
            assertEquals(syncs + 3, bed.store.syncs());
        }
    }
}
