package io.granary.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.block.SegmentExistsException;
import io.granary.core.block.SegmentStore;
import io.granary.core.block.SegmentWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SegmentStore} must do. A backend's test extends this and supplies the store;
 * each test uses volume ids of its own, so one store may serve them all.
 */
public abstract class SegmentStoreConformance {
    private SegmentStore store;

    /** The store under test; called before each test. */
    protected abstract SegmentStore store() throws IOException;

    @BeforeEach
    void setUpStore() throws IOException {
        store = store();
    }

    @Test
    void appendedBytesReadBackAfterFlushSyncAndClose() throws IOException {
        long volume = volume();
        byte[] first = random(10_000);
        byte[] second = random(3_000);
        try (SegmentWriter writer = store.create(volume, 7)) {
            assertEquals(7, writer.segment());
            writer.append(ByteBuffer.wrap(first));
            assertEquals(first.length, writer.length());
            writer.flush();
            assertArrayEquals(first, read(volume, 7, 0, first.length));
            writer.append(ByteBuffer.wrap(second));
            writer.sync();
            assertEquals(first.length + second.length, store.length(volume, 7));
            assertArrayEquals(Arrays.copyOfRange(first, 9_000, 10_000), read(volume, 7, 9_000, 1_000));
            assertArrayEquals(second, read(volume, 7, first.length, second.length));
        }
        assertEquals(first.length + second.length, store.length(volume, 7));
    }

    @Test
    void readsStopAtTheEndOfTheReadableBytes() throws IOException {
        long volume = volume();
        try (SegmentWriter writer = store.create(volume, 1)) {
            writer.append(ByteBuffer.wrap(random(100)));
            writer.sync();
            ByteBuffer buffer = ByteBuffer.allocate(300);
            assertEquals(40, store.read(volume, 1, 60, buffer));
            assertEquals(0, store.read(volume, 1, 100, ByteBuffer.allocate(10)));
            assertEquals(0, store.read(volume, 1, 150, ByteBuffer.allocate(10)));
        }
    }

    @Test
    void aSegmentIsCreatedOnce() throws IOException {
        long volume = volume();
        store.create(volume, 3).close();
        assertThrows(SegmentExistsException.class, () -> store.create(volume, 3));
        assertEquals(0, store.length(volume, 3));
    }

    @Test
    void segmentsAreListedPerVolumeInOrderAndDeletedIdempotently() throws IOException {
        long volume = volume();
        long other = volume();
        for (long segment : new long[] {(2L << 32) | 1, 5, (1L << 32)}) {
            store.create(volume, segment).close();
        }
        store.create(other, 9).close();
        assertEquals(List.of(5L, 1L << 32, (2L << 32) | 1), store.list(volume));
        store.delete(volume, 5);
        store.delete(volume, 5);
        assertEquals(List.of(1L << 32, (2L << 32) | 1), store.list(volume));
        assertEquals(List.of(9L), store.list(other));
        assertEquals(List.of(), store.list(volume()));
        assertThrows(FileNotFoundException.class, () -> store.length(volume, 5));
        assertThrows(FileNotFoundException.class, () -> store.read(volume, 5, 0, ByteBuffer.allocate(1)));
    }

    @Test
    void sealingFencesTheWriterAndKeepsWhatWasSynced() throws IOException {
        long volume = volume();
        byte[] synced = random(4_096);
        SegmentWriter writer = store.create(volume, 1);
        writer.append(ByteBuffer.wrap(synced));
        writer.sync();
        long sealed = store.seal(volume, 1);
        assertEquals(synced.length, sealed);
        assertArrayEquals(synced, read(volume, 1, 0, synced.length));
        assertThrows(IOException.class, () -> {
            writer.append(ByteBuffer.wrap(random(10)));
            writer.sync();
        });
        assertEquals(synced.length, store.seal(volume, 1));
        assertThrows(FileNotFoundException.class, () -> store.seal(volume, 2));
    }

    @Test
    void readersRunAlongsideTheWriter() throws IOException {
        long volume = volume();
        byte[] all = random(64 * 1024);
        try (SegmentWriter writer = store.create(volume, 1)) {
            for (int at = 0; at < all.length; at += 8 * 1024) {
                writer.append(ByteBuffer.wrap(all, at, 8 * 1024));
                writer.flush();
                assertArrayEquals(Arrays.copyOf(all, at + 8 * 1024), read(volume, 1, 0, at + 8 * 1024));
            }
        }
    }

    private byte[] read(long volume, long segment, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int count = store.read(volume, segment, position + buffer.position(), buffer);
            if (count == 0) {
                break;
            }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static long volume() {
        return ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
