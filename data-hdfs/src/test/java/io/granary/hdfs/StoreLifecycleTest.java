package io.granary.hdfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BlobWriter;
import io.granary.core.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts, aborted writers and closing. */
class StoreLifecycleTest {
    private static final HdfsBlobStoreConfig CONFIG =
            HdfsBlobStoreConfig.defaults().withPackThreshold(1024).withChunkSize(512);

    @TempDir
    Path directory;
    private FileSystem fs;

    @BeforeEach
    void openFileSystem() throws IOException {
        fs = TestFiles.rawLocal();
    }

    @AfterEach
    void closeFileSystem() throws IOException {
        fs.close();
    }

    @Test
    void secondInstanceReadsTheFirstOnesBlobsAndStartsItsOwnPack() throws IOException {
        byte[] small = Fixtures.randomBytes(700);
        byte[] large = Fixtures.randomBytes(5000);
        try (HdfsBlobStore first = open()) {
            BlobRef smallRef = write(first, small);
            BlobRef largeRef = write(first, large);
            BlobRef emptyRef = write(first, new byte[0]);
            Path firstPack = TestFiles.files(directory.resolve("packs")).get(0);
            long firstPackSize = Files.size(firstPack);

            // The first instance stays open, its pack unfinished, as after a crash.
            try (HdfsBlobStore second = open()) {
                assertArrayEquals(small, read(second, smallRef));
                assertArrayEquals(large, read(second, largeRef));
                assertArrayEquals(Arrays.copyOfRange(large, 1000, 4321), read(second, largeRef, 1000, 3321));
                assertArrayEquals(new byte[0], read(second, emptyRef));

                BlobRef newer = write(second, Fixtures.randomBytes(10));
                assertNotEquals(packOf(smallRef), packOf(newer));
                assertEquals(2, TestFiles.files(directory.resolve("packs")).size());
                assertEquals(firstPackSize, Files.size(firstPack), "old packs are only read");
            }
        }
    }

    @Test
    void abortedLargeWriterLeavesNoFile() throws IOException {
        try (HdfsBlobStore store = open()) {
            try (BlobWriter writer = store.create(4000)) {
                writer.write(new byte[2000], 0, 2000);
                assertEquals(1, TestFiles.files(directory.resolve("blobs")).size());
            }
            try (BlobWriter writer = store.create(4000)) {
                writer.write(new byte[3999], 0, 3999);
                assertThrows(IOException.class, writer::commit);
            }

            assertEquals(List.of(), TestFiles.files(directory.resolve("blobs")));
            assertEquals(0, store.stats().blobFiles());
        }
    }

    @Test
    void abortedSmallWriterNeverTouchesTheFileSystem() throws IOException {
        try (HdfsBlobStore store = open()) {
            try (BlobWriter writer = store.create(800)) {
                writer.write(new byte[800], 0, 800);
            }

            assertEquals(List.of(), TestFiles.files(directory.resolve("packs")));
            assertEquals(0, store.stats().packsStarted());
        }
    }

    @Test
    void writersRefuseMoreBytesThanAnnounced() throws IOException {
        try (HdfsBlobStore store = open()) {
            for (int length : new int[] {10, 2000}) {
                try (BlobWriter writer = store.create(length)) {
                    writer.write(new byte[length], 0, length);
                    assertThrows(IOException.class, () -> writer.write(new byte[1], 0, 1));
                }
            }
        }
    }

    @Test
    void closedStoreRefusesWork() throws IOException {
        HdfsBlobStore store = open();
        BlobRef blob = write(store, Fixtures.randomBytes(10));
        store.close();
        store.close();

        assertThrows(IOException.class, () -> store.create(10));
        assertThrows(IOException.class, () -> store.open(blob, 0, 10));
        assertThrows(IOException.class, () -> store.release(blob));
    }

    @Test
    void refusesFileSystemsThatCannotSync() throws IOException {
        FileSystem checksummed = FileSystem.getLocal(fs.getConf());
        try (HdfsBlobStore store = new HdfsBlobStore(checksummed, TestFiles.hadoopPath(directory), CONFIG,
                Clock.systemUTC())) {
            IOException failure = assertThrows(IOException.class, () -> write(store, new byte[10]));
            assertTrue(failure.getCause().getMessage().contains("cannot hsync"), failure.getCause().getMessage());
            assertThrows(IOException.class, () -> write(store, new byte[5000]));
        }
    }

    private HdfsBlobStore open() throws IOException {
        return new HdfsBlobStore(fs, TestFiles.hadoopPath(directory), CONFIG, Clock.systemUTC());
    }

    private static BlobRef write(HdfsBlobStore store, byte[] data) throws IOException {
        return BlobIo.write(store, data);
    }

    private static byte[] read(HdfsBlobStore store, BlobRef blob) throws IOException {
        return read(store, blob, 0, blob.length());
    }

    private static byte[] read(HdfsBlobStore store, BlobRef blob, long offset, long length) throws IOException {
        return BlobIo.read(store, blob, offset, length);
    }

    private static FileId packOf(BlobRef blob) throws IOException {
        return ((BlobHandle.Packed) BlobHandle.decode(blob.handle())).pack();
    }
}
