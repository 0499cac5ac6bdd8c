package io.granary.hdfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.spi.BlobRef;
import io.granary.core.spi.CorruptBlobException;
import io.granary.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged bytes on disk are detected on read and never returned. */
class ChecksumVerificationTest {
    private static final int CHUNK = 1024;

    @TempDir
    Path directory;
    private FileSystem fs;
    private HdfsBlobStore store;

    @BeforeEach
    void openStore() throws IOException {
        fs = TestFiles.rawLocal();
        store = new HdfsBlobStore(fs, TestFiles.hadoopPath(directory),
                HdfsBlobStoreConfig.defaults().withPackThreshold(512).withChunkSize(CHUNK), Clock.systemUTC());
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
        fs.close();
    }

    @Test
    void flippedByteInPackIsDetectedAndContained() throws IOException {
        byte[] before = Fixtures.randomBytes(500);
        byte[] damaged = Fixtures.randomBytes(400);
        BlobRef beforeRef = write(before);
        BlobRef damagedRef = write(damaged);
        BlobHandle.Packed extent = (BlobHandle.Packed) BlobHandle.decode(damagedRef.handle());
        List<Path> packs = TestFiles.files(directory.resolve("packs"));
        assertEquals(1, packs.size());

        TestFiles.flipByte(packs.get(0), extent.offset() + 300);

        assertThrows(CorruptBlobException.class, () -> read(damagedRef, 0, 400));
        // Even a run away from the flipped byte fails: the extent is verified whole.
        assertThrows(CorruptBlobException.class, () -> read(damagedRef, 0, 10));
        assertArrayEquals(before, read(beforeRef, 0, 500));
    }

    @Test
    void flippedByteInLargeBlobFailsOnlyTheChunkItIsIn() throws IOException {
        byte[] data = Fixtures.randomBytes(10 * CHUNK + 300);
        BlobRef blob = write(data);
        List<Path> files = TestFiles.files(directory.resolve("blobs"));
        assertEquals(1, files.size());

        TestFiles.flipByte(files.get(0), 5 * CHUNK + 10);

        assertArrayEquals(Arrays.copyOfRange(data, 0, 5 * CHUNK), read(blob, 0, 5 * CHUNK));
        assertArrayEquals(Arrays.copyOfRange(data, 6 * CHUNK, data.length),
                read(blob, 6 * CHUNK, data.length - 6 * CHUNK));
        assertThrows(CorruptBlobException.class, () -> read(blob, 5 * CHUNK + 500, 1));

        // A run from chunk 4 on hands out chunk 4, then fails before any byte of chunk 5.
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (InputStream in = store.open(blob, 4 * CHUNK, data.length - 4 * CHUNK)) {
            assertThrows(CorruptBlobException.class, () -> copy(in, received));
        }
        assertArrayEquals(Arrays.copyOfRange(data, 4 * CHUNK, 5 * CHUNK), received.toByteArray());
    }

    @Test
    void flippedByteInChecksumTableIsDetected() throws IOException {
        byte[] data = Fixtures.randomBytes(3 * CHUNK);
        BlobRef blob = write(data);
        Path file = TestFiles.files(directory.resolve("blobs")).get(0);

        TestFiles.flipByte(file, BlobFileFormat.checksumPosition(data.length, 2) + 1);

        assertArrayEquals(Arrays.copyOfRange(data, 0, 2 * CHUNK), read(blob, 0, 2 * CHUNK));
        assertThrows(CorruptBlobException.class, () -> read(blob, 2 * CHUNK, CHUNK));
    }

    @Test
    void truncatedBlobFileIsReportedAsDamage() throws IOException {
        byte[] data = Fixtures.randomBytes(3 * CHUNK);
        BlobRef blob = write(data);
        Path file = TestFiles.files(directory.resolve("blobs")).get(0);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(2 * CHUNK + 7);
        }

        assertThrows(CorruptBlobException.class, () -> read(blob, 0, data.length));
    }

    private BlobRef write(byte[] data) throws IOException {
        return BlobIo.write(store, data);
    }

    private byte[] read(BlobRef blob, long offset, int length) throws IOException {
        return BlobIo.read(store, blob, offset, length);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) throws IOException {
        byte[] buffer = new byte[300];
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
    }
}
