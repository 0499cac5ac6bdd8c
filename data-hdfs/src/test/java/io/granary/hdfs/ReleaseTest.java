package io.granary.hdfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.spi.BlobRef;
import io.granary.core.testing.Fixtures;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Releasing blobs: the trash, its grace period and dead-space accounting for packs. */
class ReleaseTest {
    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final HdfsBlobStoreConfig CONFIG = HdfsBlobStoreConfig.defaults()
            .withPackThreshold(1024).withReleaseGrace(GRACE).withPurgeInterval(Duration.ofDays(1));

    @TempDir
    Path directory;
    private FileSystem fs;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));

    @BeforeEach
    void openFileSystem() throws IOException {
        fs = TestFiles.rawLocal();
    }

    @AfterEach
    void closeFileSystem() throws IOException {
        fs.close();
    }

    @Test
    void releaseMovesTheFileToTrashAndThePurgerDeletesItOnlyAfterTheGracePeriod() throws IOException {
        try (HdfsBlobStore store = open(CONFIG)) {
            byte[] data = Fixtures.randomBytes(3000);
            BlobRef blob = write(store, data);
            Path live = single(directory.resolve("blobs"));

            store.release(blob);
            store.release(blob);

            Path trashed = directory.resolve("trash").resolve(live.getFileName());
            assertEquals(List.of(), TestFiles.files(directory.resolve("blobs")));
            assertEquals(List.of(trashed), TestFiles.files(directory.resolve("trash")));
            assertEquals(1, store.stats().blobsTrashed());
            assertArrayEquals(data, read(store, blob), "still readable during the grace period");

            store.purgeTrash();
            clock.advance(GRACE);
            store.purgeTrash();
            assertEquals(List.of(trashed), TestFiles.files(directory.resolve("trash")), "not older than the grace period yet");

            clock.advance(Duration.ofMillis(1));
            store.purgeTrash();
            assertEquals(List.of(), TestFiles.files(directory.resolve("trash")));
            // The purge run at start may still be finishing its (empty) pass; it never counts twice.
            Conditions.await("one entry purged", () -> store.stats().trashPurged() == 1);
            assertThrows(FileNotFoundException.class, () -> read(store, blob));
            store.release(blob);
        }
    }

    @Test
    void purgerRunsWhenTheStoreOpens() throws IOException {
        try (HdfsBlobStore first = open(CONFIG)) {
            first.release(write(first, Fixtures.randomBytes(2000)));
        }
        assertEquals(1, TestFiles.files(directory.resolve("trash")).size());
        clock.advance(GRACE.plusSeconds(1));

        try (HdfsBlobStore second = open(CONFIG)) {
            Conditions.await("the trash is purged at start", () -> second.stats().trashPurged() == 1);
            assertEquals(List.of(), TestFiles.files(directory.resolve("trash")));
        }
    }

    @Test
    void purgerRunsPeriodically() throws IOException {
        try (HdfsBlobStore store = open(CONFIG.withPurgeInterval(Duration.ofMillis(5)))) {
            store.release(write(store, Fixtures.randomBytes(2000)));
            clock.advance(GRACE.plusSeconds(1));

            Conditions.await("a periodic purge empties the trash", () -> trashIsEmpty());
        }
    }

    @Test
    void releasingPackedBlobsOnlyCountsDeadBytes() throws IOException {
        try (HdfsBlobStore store = open(CONFIG)) {
            byte[] data = Fixtures.randomBytes(700);
            BlobRef blob = write(store, data);
            BlobRef empty = write(store, new byte[0]);
            Path pack = single(directory.resolve("packs"));

            store.release(blob);
            store.release(empty);

            assertEquals(700, store.stats().deadPackedBytes());
            String packName = pack.getFileName().toString();
            assertEquals(Map.of(packName.substring(0, packName.length() - ".pack".length()), 700L),
                    store.deadBytesByPack());
            assertArrayEquals(data, read(store, blob), "packed bytes stay until a compactor moves live extents");
            assertEquals(List.of(), TestFiles.files(directory.resolve("trash")));
        }
    }

    private boolean trashIsEmpty() {
        try {
            return TestFiles.files(directory.resolve("trash")).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private HdfsBlobStore open(HdfsBlobStoreConfig config) throws IOException {
        return new HdfsBlobStore(fs, TestFiles.hadoopPath(directory), config, clock);
    }

    private static Path single(Path directory) throws IOException {
        List<Path> files = TestFiles.files(directory);
        assertEquals(1, files.size(), "files in " + directory);
        return files.get(0);
    }

    private static BlobRef write(HdfsBlobStore store, byte[] data) throws IOException {
        return BlobIo.write(store, data);
    }

    private static byte[] read(HdfsBlobStore store, BlobRef blob) throws IOException {
        return BlobIo.read(store, blob);
    }
}
