package io.granary.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BlobStore;
import io.granary.core.spi.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do. A backend's test extends this and supplies the store and
 * the size from which its blobs stop being small (packed), so both layouts are covered.
 */
public abstract class BlobStoreConformance {
    private BlobStore store;

    /** The store under test; called before each test. */
    protected abstract BlobStore store() throws IOException;

    /** A length the store keeps in a layout of its own for large blobs. */
    protected abstract int largeBlobLength();

    @BeforeEach
    void setUpStore() throws IOException {
        store = store();
    }

    @Test
    void storesAndReadsBlobsOfEverySize() throws IOException {
        for (int length : new int[] {0, 1, 100, 65_537, largeBlobLength(), largeBlobLength() + 4099}) {
            byte[] data = Fixtures.randomBytes(length);
            BlobRef blob = write(data);
            assertEquals(length, blob.length());
            assertArrayEquals(data, read(blob, 0, length), "length " + length);
        }
    }

    @Test
    void readsAnyRun() throws IOException {
        for (int length : new int[] {1000, largeBlobLength() + 12345}) {
            byte[] data = Fixtures.randomBytes(length);
            BlobRef blob = write(data);
            for (int[] run : new int[][] {{0, 1}, {length - 1, 1}, {17, 500}, {length / 2, length - length / 2}, {3, 0}}) {
                assertArrayEquals(Arrays.copyOfRange(data, run[0], run[0] + run[1]), read(blob, run[0], run[1]),
                        "run " + run[0] + "+" + run[1] + " of " + length);
            }
        }
    }

    @Test
    void refusesRunsOutsideTheBlob() throws IOException {
        BlobRef blob = write(Fixtures.randomBytes(10));
        assertThrows(IllegalArgumentException.class, () -> store.open(blob, 5, 6).close());
        assertThrows(IllegalArgumentException.class, () -> store.open(blob, -1, 2).close());
    }

    @Test
    void commitFailsWhenBytesAreMissing() throws IOException {
        try (BlobWriter writer = store.create(10)) {
            writer.write(new byte[5], 0, 5);
            assertThrows(IOException.class, writer::commit);
        }
    }

    @Test
    void writersInParallelKeepTheirOwnBytes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int length = i % 8 == 0 ? largeBlobLength() + i : 10 + i * 97;
                results.add(pool.submit(() -> {
                    byte[] data = Fixtures.randomBytes(length);
                    BlobRef blob = write(data);
                    assertArrayEquals(data, read(blob, 0, length));
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void releasedBlobsThatWereOpenedStayReadable() throws IOException {
        byte[] data = Fixtures.randomBytes(largeBlobLength() + 1);
        BlobRef blob = write(data);
        try (InputStream in = store.open(blob, 0, data.length)) {
            store.release(blob);
            store.release(blob);
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    /** Writes {@code data} in uneven pieces and commits it. */
    protected BlobRef write(byte[] data) throws IOException {
        try (BlobWriter writer = store.create(data.length)) {
            int at = 0;
            int piece = 1;
            while (at < data.length) {
                int n = Math.min(piece, data.length - at);
                writer.write(data, at, n);
                at += n;
                piece = piece * 3 + 1;
            }
            return writer.commit();
        }
    }

    protected byte[] read(BlobRef blob, long offset, int length) throws IOException {
        try (InputStream in = store.open(blob, offset, length)) {
            byte[] bytes = in.readAllBytes();
            assertEquals(length, bytes.length);
            return bytes;
        }
    }
}
