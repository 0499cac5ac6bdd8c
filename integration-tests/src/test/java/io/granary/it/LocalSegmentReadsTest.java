package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.block.SegmentWriter;
import io.granary.hdfs.block.HdfsSegmentStore;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DFSUtilClient;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.ClientDatanodeProtocol;
import org.apache.hadoop.hdfs.protocol.LocatedBlock;
import org.apache.hadoop.ipc.RPC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Segment reads from the replica files of the DataNode on this machine (HDFS local reads on): the
 * bytes of a segment that spans several blocks and is still being written read back right, they
 * do come from the local files, and a corrupted replica is refused rather than returned.
 */
class LocalSegmentReadsTest {
    private static final int BLOCK = 1 << 20; // HDFS's smallest block size, so segments span blocks
    private static final long VOLUME = 0x10ca1L;

    private final Random random = new Random();
    private final Path root = new Path("/granary-test/local-reads/" + UUID.randomUUID());
    private DistributedFileSystem hdfs;
    private HdfsSegmentStore store;

    @BeforeEach
    void connect() throws IOException {
        Configuration conf = new Configuration();
        conf.setInt("dfs.replication", 1);
        conf.setLong("dfs.blocksize", BLOCK);
        conf.setBoolean("dfs.client.read.shortcircuit", true);
        conf.setBoolean("dfs.client.use.legacy.blockreader.local", true);
        // A corrupt replica is the only one: give up on it at once instead of retrying for seconds.
        conf.setInt("dfs.client.max.block.acquire.failures", 0);
        conf.setInt("dfs.client.retry.window.base", 1);
        hdfs = (DistributedFileSystem) FileSystem.newInstance(URI.create(SharedStorageTier.get().hdfsUri()), conf);
        store = new HdfsSegmentStore(hdfs, root, Duration.ofMinutes(2));
    }

    @AfterEach
    void close() throws IOException {
        store.close();
        hdfs.delete(root, true);
        VolumeStorageConformanceTest.closeQuietly(hdfs);
    }

    @Test
    void aGrowingSegmentAcrossBlocksReadsBackFromLocalReplicas() throws IOException {
        byte[] expected = new byte[3 * BLOCK + BLOCK / 2];
        random.nextBytes(expected);
        long readBytes = 0;
        try (SegmentWriter writer = store.create(VOLUME, 1)) {
            int written = 0;
            while (written < expected.length) {
                int piece = Math.min(expected.length - written, 96 * 1024 + random.nextInt(256 * 1024));
                writer.append(ByteBuffer.wrap(expected, written, piece));
                written += piece;
                writer.flush();
                for (int i = 0; i < 12; i++) {
                    int length = 1 + random.nextInt(Math.min(written, 300 * 1024));
                    int offset = i == 0 ? Math.max(0, written / BLOCK * BLOCK - length / 2) // across a boundary
                            : random.nextInt(written - length + 1);
                    length = Math.min(length, written - offset);
                    assertRange(1, expected, offset, length);
                    readBytes += length;
                }
            }
        }
        assertTrue(store.localReadBytes() > 0, "reads of the open segment came from local replica files");
        assertTrue(store.localReadBytes() <= readBytes, store.localReadBytes() + " of " + readBytes);

        // Closed, every block finalized: all of it comes from the local files.
        long before = store.localReadBytes();
        assertRange(1, expected, 0, expected.length);
        assertEquals(expected.length, store.localReadBytes() - before, "bytes read from local replica files");
    }

    @Test
    void aCorruptedReplicaIsRefusedNotReturned() throws IOException {
        byte[] expected = new byte[2 * BLOCK];
        random.nextBytes(expected);
        try (SegmentWriter writer = store.create(VOLUME, 2)) {
            writer.append(ByteBuffer.wrap(expected));
        }
        assertRange(2, expected, 0, expected.length);

        java.nio.file.Path firstBlock = replicaFile(store, 2, 0);
        try (FileChannel file = FileChannel.open(firstBlock, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {(byte) ~expected[5000]}), 5000);
        }
        ByteBuffer corrupt = ByteBuffer.allocate(4096);
        assertThrows(IOException.class, () -> store.read(VOLUME, 2, 4096, corrupt),
                "a read over the corrupted chunk fails instead of returning it");
        // The other block is intact and still reads.
        assertRange(2, expected, BLOCK + 100, 10_000);
    }

    private void assertRange(long segment, byte[] expected, int offset, int length) throws IOException {
        ByteBuffer read = ByteBuffer.allocate(length);
        int count = store.read(VOLUME, segment, offset, read);
        assertEquals(length, count, "bytes read at " + offset);
        assertArrayEquals(Arrays.copyOfRange(expected, offset, offset + length), read.array(),
                "bytes at " + offset + ", " + length + " long");
    }

    /** The file on this machine's disk that holds the replica of the segment's block at {@code offset}. */
    private java.nio.file.Path replicaFile(HdfsSegmentStore segments, long segment, long offset) throws IOException {
        String file = new Path(new Path(root, String.format("%016x", VOLUME)), String.format("%016x.seg", segment))
                .toUri().getPath();
        assertTrue(segments.list(VOLUME).contains(segment), "the segment exists");
        LocatedBlock block = hdfs.getClient().getLocatedBlocks(file, offset).get(0);
        ClientDatanodeProtocol datanode = DFSUtilClient.createClientDatanodeProtocolProxy(block.getLocations()[0],
                hdfs.getConf(), 60_000, false);
        try {
            return java.nio.file.Path.of(datanode.getBlockLocalPathInfo(block.getBlock(), block.getBlockToken())
                    .getBlockPath());
        } finally {
            RPC.stopProxy(datanode);
        }
    }
}
