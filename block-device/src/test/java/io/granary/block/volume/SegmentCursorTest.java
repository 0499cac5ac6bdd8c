package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.block.SegmentWriter;
import io.granary.core.testing.InMemorySegmentStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentCursorTest {
    @Test
    void readsRunsOfAnySizeAcrossWindowBoundaries() throws IOException {
        InMemorySegmentStore store = new InMemorySegmentStore();
        Random random = new Random(1);
        byte[] all = TestBed.random(random, (3 << 20) + 12345);
        try (SegmentWriter writer = store.create(1, 1)) {
            writer.append(ByteBuffer.wrap(all));
        }
        SegmentCursor cursor = new SegmentCursor(store, 1, 1, all.length);
        int position = 0;
        while (true) {
            int length = random.nextInt(10) == 0 ? (1 << 20) + random.nextInt(1000) : 1 + random.nextInt(70_000);
            ByteBuffer run = ByteBuffer.allocate(length);
            if (!cursor.read(position, run)) {
                assertTrue(position + length > all.length, "refused a run inside the segment at " + position);
                break;
            }
            assertArrayEquals(Arrays.copyOfRange(all, position, position + length), run.array(), "at " + position);
            position += length + random.nextInt(3);
        }
        assertFalse(cursor.read(all.length - 1, ByteBuffer.allocate(2)));
    }
}
