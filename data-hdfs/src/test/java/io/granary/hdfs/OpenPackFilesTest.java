package io.granary.hdfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.spi.BlobRef;
import io.granary.core.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.PositionedReadable;
import org.apache.hadoop.fs.Seekable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pack files stay open between reads, and a stream that was opened before its pack grew (as HDFS
 * streams of a file being written do not see later appends) is replaced when a read needs more.
 */
class OpenPackFilesTest {
    @TempDir
    Path directory;
    private SnapshotFileSystem fs;
    private HdfsBlobStore store;

    @BeforeEach
    void openStore() throws IOException {
        fs = new SnapshotFileSystem(TestFiles.rawLocal());
        store = new HdfsBlobStore(fs, TestFiles.hadoopPath(directory),
                HdfsBlobStoreConfig.defaults().withOpenPacks(1), Clock.systemUTC());
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
        fs.close();
    }

    @Test
    void readsOfOnePackShareOneOpenStream() throws IOException {
        List<byte[]> data = new ArrayList<>();
        List<BlobRef> blobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            data.add(Fixtures.randomBytes(100 + i * 37));
            blobs.add(write(data.get(i)));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < blobs.size(); i++) {
                assertArrayEquals(data.get(i), read(blobs.get(i)));
            }
        }
        assertEquals(1, TestFiles.files(directory.resolve("packs")).size());
        assertEquals(1, fs.opens.get(), "60 reads of one pack, one open");
    }

    @Test
    void aPackThatGrewSinceItWasOpenedIsOpenedAgain() throws IOException {
        byte[] first = Fixtures.randomBytes(1000);
        BlobRef firstRef = write(first);
        assertArrayEquals(first, read(firstRef));
        byte[] second = Fixtures.randomBytes(2000);
        BlobRef secondRef = write(second);
        // The open stream ends before the second extent: the reader opens the pack again.
        assertArrayEquals(second, read(secondRef));
        assertEquals(2, fs.opens.get());
        assertArrayEquals(first, read(firstRef));
        assertArrayEquals(second, read(secondRef));
        assertEquals(2, fs.opens.get(), "the new stream serves both extents");
    }

    @Test
    void theLeastRecentlyUsedStreamsBeyondTheCapacityAreClosedWhenIdle() throws IOException {
        OpenPackFiles packs = new OpenPackFiles(fs, 2);
        List<org.apache.hadoop.fs.Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path file = directory.resolve("file-" + i);
            Files.write(file, new byte[] {(byte) i});
            files.add(TestFiles.hadoopPath(file));
        }
        OpenPackFiles.Use held = packs.acquire(files.get(0));
        try (OpenPackFiles.Use again = packs.acquire(files.get(0))) {
            assertSame(held.stream(), again.stream(), "one stream, shared");
        }
        packs.acquire(files.get(1)).close();
        packs.acquire(files.get(2)).close();
        assertEquals(2, packs.size());
        // The evicted stream is still in use: it stays readable until its reader is done.
        byte[] one = new byte[1];
        held.stream().readFully(0, one);
        assertEquals(0, one[0]);
        assertFalse(fs.closed(files.get(0)));
        held.close();
        assertTrue(fs.closed(files.get(0)));
        packs.close();
        assertTrue(fs.closed(files.get(1)));
        assertTrue(fs.closed(files.get(2)));
        assertThrows(IOException.class, () -> packs.acquire(files.get(0)));
    }

    private BlobRef write(byte[] data) throws IOException {
        return BlobIo.write(store, data);
    }

    private byte[] read(BlobRef blob) throws IOException {
        return BlobIo.read(store, blob);
    }

    /**
     * A file system whose input streams hold the file as it was when opened, as HDFS streams of a
     * file still being written hold its visible length; it counts opens and remembers closes.
     */
    private static final class SnapshotFileSystem extends FilterFileSystem {
        final AtomicInteger opens = new AtomicInteger();
        private final List<org.apache.hadoop.fs.Path> closedFiles = new ArrayList<>();

        SnapshotFileSystem(FileSystem inner) {
            super(inner);
        }

        synchronized boolean closed(org.apache.hadoop.fs.Path path) {
            return closedFiles.contains(path);
        }

        @Override
        public FSDataInputStream open(org.apache.hadoop.fs.Path path, int bufferSize) throws IOException {
            byte[] content;
            try (FSDataInputStream in = super.open(path, bufferSize)) {
                content = in.readAllBytes();
            }
            opens.incrementAndGet();
            return new FSDataInputStream(new SnapshotStream(content)) {
                @Override
                public void close() throws IOException {
                    super.close();
                    synchronized (SnapshotFileSystem.this) {
                        closedFiles.add(path);
                    }
                }
            };
        }
    }

    private static final class SnapshotStream extends ByteArrayInputStream implements Seekable, PositionedReadable {
        SnapshotStream(byte[] content) {
            super(content);
        }

        @Override
        public int read(long position, byte[] buffer, int offset, int length) {
            if (position >= buf.length) {
                return -1;
            }
            int n = (int) Math.min(length, buf.length - position);
            System.arraycopy(buf, (int) position, buffer, offset, n);
            return n;
        }

        @Override
        public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
            if (position + length > buf.length) {
                throw new EOFException("the stream ends at " + buf.length);
            }
            System.arraycopy(buf, (int) position, buffer, offset, length);
        }

        @Override
        public void readFully(long position, byte[] buffer) throws IOException {
            readFully(position, buffer, 0, buffer.length);
        }

        @Override
        public synchronized void seek(long position) {
            pos = (int) position;
        }

        @Override
        public synchronized long getPos() {
            return pos;
        }

        @Override
        public boolean seekToNewSource(long target) {
            return false;
        }
    }
}
