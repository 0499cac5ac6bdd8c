package io.granary.hdfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.spi.BlobRef;
import io.granary.core.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small blobs share pack files and syncs. Concurrency is staged with a sync gate: the first batch
 * is held inside {@code hsync} until the others are queued, so the outcome is exact, not timed.
 */
class GroupCommitTest {
    private static final int WRITERS = 16;

    @TempDir
    Path directory;
    private SyncGateFileSystem fs;
    private HdfsBlobStore store;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void openFileSystem() throws IOException {
        fs = new SyncGateFileSystem(TestFiles.rawLocal());
    }

    @AfterEach
    void closeStore() throws IOException {
        fs.openGate();
        pool.shutdownNow();
        if (store != null) {
            store.close();
        }
        fs.close();
    }

    @Test
    void concurrentCommitsShareOneSync() throws Exception {
        store = open(HdfsBlobStoreConfig.defaults().withPackThreshold(1024));
        fs.closeGate();
        List<byte[]> data = new ArrayList<>();
        List<Future<BlobRef>> commits = new ArrayList<>();
        for (int i = 0; i <= WRITERS; i++) {
            data.add(Fixtures.randomBytes(100 + i));
        }

        commits.add(pool.submit(() -> write(data.get(0))));
        assertTrue(fs.awaitSyncEntered(), "the first batch reached hsync");
        for (int i = 1; i <= WRITERS; i++) {
            byte[] bytes = data.get(i);
            commits.add(pool.submit(() -> write(bytes)));
        }
        Conditions.await("all writers queued behind the held sync", () -> store.stats().queuedAppends() == WRITERS);
        fs.openGate();

        for (int i = 0; i <= WRITERS; i++) {
            assertArrayEquals(data.get(i), read(commits.get(i).get()));
        }
        HdfsBlobStoreStats stats = store.stats();
        assertEquals(WRITERS + 1, stats.extentsAppended());
        assertEquals(2, stats.packSyncs(), "one sync for the first blob, one for the " + WRITERS + " queued behind it");
        assertEquals(2, fs.syncs());
        assertEquals(1, stats.packsStarted());
    }

    @Test
    void packRollsOverBeforePassingTheMaximumSize() throws IOException {
        long maxPackSize = PackFormat.HEADER_LENGTH + 3 * 1000;
        store = open(HdfsBlobStoreConfig.defaults().withPackThreshold(1000).withMaxPackSize(maxPackSize));
        List<byte[]> data = new ArrayList<>();
        List<BlobRef> blobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            data.add(Fixtures.randomBytes(1000 - (i == 4 ? 1 : 0)));
            blobs.add(write(data.get(i)));
        }

        List<Path> packs = TestFiles.files(directory.resolve("packs"));
        assertEquals(4, packs.size());
        assertEquals(4, store.stats().packsStarted());
        for (Path pack : packs) {
            assertTrue(Files.size(pack) <= maxPackSize, pack + " is " + Files.size(pack) + " bytes");
        }
        Set<FileId> packsUsed = blobs.stream().map(GroupCommitTest::packOf).collect(Collectors.toSet());
        assertEquals(4, packsUsed.size());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(data.get(i), read(blobs.get(i)));
        }
    }

    @Test
    void failedSyncFailsItsBatchAndTheNextBlobGoesToANewPack() throws IOException {
        store = open(HdfsBlobStoreConfig.defaults().withPackThreshold(1024));
        BlobRef first = write(Fixtures.randomBytes(10));
        fs.failNextSync();

        assertThrows(IOException.class, () -> write(Fixtures.randomBytes(20)));

        byte[] data = Fixtures.randomBytes(30);
        BlobRef after = write(data);
        assertArrayEquals(data, read(after));
        assertNotEquals(packOf(first), packOf(after));
        assertEquals(2, store.stats().packsStarted());
        assertEquals(2, store.stats().extentsAppended());
    }

    @Test
    void closeCommitsWhatIsQueuedAndStopsItsThreads() throws Exception {
        Set<Thread> threadsBefore = storeThreads();
        store = open(HdfsBlobStoreConfig.defaults().withPackThreshold(1024));
        fs.closeGate();
        List<byte[]> data = new ArrayList<>();
        List<Future<BlobRef>> commits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            data.add(Fixtures.randomBytes(50 + i));
        }
        commits.add(pool.submit(() -> write(data.get(0))));
        assertTrue(fs.awaitSyncEntered());
        for (int i = 1; i < 4; i++) {
            byte[] bytes = data.get(i);
            commits.add(pool.submit(() -> write(bytes)));
        }
        Conditions.await("three writers queued", () -> store.stats().queuedAppends() == 3);

        Future<?> closing = pool.submit(() -> {
            store.close();
            return null;
        });
        Conditions.await("the store refuses new writers", () -> {
            try {
                store.create(1).close();
                return false;
            } catch (IOException closed) {
                return true;
            }
        });
        fs.openGate();
        closing.get();

        List<BlobRef> blobs = new ArrayList<>();
        for (Future<BlobRef> commit : commits) {
            blobs.add(commit.get());
        }
        Conditions.await("the store's threads ended", () -> storeThreads().equals(threadsBefore));
        try (HdfsBlobStore reopened = open(HdfsBlobStoreConfig.defaults())) {
            for (int i = 0; i < 4; i++) {
                try (InputStream in = reopened.open(blobs.get(i), 0, data.get(i).length)) {
                    assertArrayEquals(data.get(i), in.readAllBytes());
                }
            }
        }
    }

    private HdfsBlobStore open(HdfsBlobStoreConfig config) throws IOException {
        return new HdfsBlobStore(fs, TestFiles.hadoopPath(directory), config, Clock.systemUTC());
    }

    private BlobRef write(byte[] data) throws IOException {
        return BlobIo.write(store, data);
    }

    private byte[] read(BlobRef blob) throws IOException {
        return BlobIo.read(store, blob);
    }

    private static FileId packOf(BlobRef blob) {
        try {
            return ((BlobHandle.Packed) BlobHandle.decode(blob.handle())).pack();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<Thread> storeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("granary-") && thread.isAlive())
                .collect(Collectors.toSet());
    }
}
