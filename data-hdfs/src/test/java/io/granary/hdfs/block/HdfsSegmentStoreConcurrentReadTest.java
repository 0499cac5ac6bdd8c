package io.granary.hdfs.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.core.block.SegmentWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many reads of one segment at once through a store that has no stream of it open yet, as an NBD
 * client with 16 requests in flight does on a freshly opened volume: each read gets its bytes (a
 * stream opened by one read used to be replaced, and closed, by another's).
 */
class HdfsSegmentStoreConcurrentReadTest {
    private static final int READERS = 16;
    private static final int PIECE = 256 * 1024;
    private static final int ROUNDS = 20;

    @TempDir
    Path directory;

    @Test
    void concurrentFirstReadsOfASegmentAllSucceed() throws Exception {
        RawLocalFileSystem fs = new RawLocalFileSystem();
        fs.initialize(URI.create("file:///"), new Configuration());
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(directory.toUri());
        byte[] data = new byte[READERS * PIECE];
        new Random(7).nextBytes(data);
        try (HdfsSegmentStore store = new HdfsSegmentStore(fs, root, Duration.ofSeconds(10))) {
            SegmentWriter writer = store.create(1, 1);
            writer.append(ByteBuffer.wrap(data));
            writer.sync();
            writer.close();
        }
        ExecutorService threads = Executors.newFixedThreadPool(READERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                try (HdfsSegmentStore store = new HdfsSegmentStore(fs, root, Duration.ofSeconds(10))) {
                    CyclicBarrier start = new CyclicBarrier(READERS);
                    List<Future<byte[]>> reads = new ArrayList<>();
                    for (int i = 0; i < READERS; i++) {
                        long position = (long) i * PIECE;
                        reads.add(threads.submit(() -> {
                            ByteBuffer piece = ByteBuffer.allocate(PIECE);
                            start.await();
                            assertEquals(PIECE, store.read(1, 1, position, piece));
                            return piece.array();
                        }));
                    }
                    for (int i = 0; i < READERS; i++) {
                        byte[] expected = new byte[PIECE];
                        System.arraycopy(data, i * PIECE, expected, 0, PIECE);
                        assertArrayEquals(expected, reads.get(i).get(), "round " + round + ", piece " + i);
                    }
                }
            }
        } finally {
            threads.shutdownNow();
            fs.close();
        }
    }
}
