package io.granary.hdfs.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.hdfs.DFSClient;
import org.apache.hadoop.hdfs.DFSUtilClient;
import org.apache.hadoop.hdfs.protocol.BlockLocalPathInfo;
import org.apache.hadoop.hdfs.protocol.ClientDatanodeProtocol;
import org.apache.hadoop.hdfs.protocol.DatanodeInfo;
import org.apache.hadoop.hdfs.protocol.LocatedBlock;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.util.DataChecksum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one HDFS file from the replicas of its blocks that a DataNode on this machine keeps,
 * through block and checksum files held open for as long as the file is read.
 *
 * <p>Why: HDFS's own local reader (the legacy short-circuit reader, the one that needs no native
 * library) opens both files, and asks which DataNode to use, on every positional read; for the
 * 4 KiB reads of a block volume that was most of the cost of a read. A segment's bytes never change
 * once written (files are append-only and never truncated), so an open file keeps reading the
 * right bytes even after the DataNode finalizes or renames the replica.
 *
 * <p>Every chunk read is verified against the replica's checksums. A read stops short (the caller
 * reads the rest through HDFS's client) where no local replica is known, where a replica's file ends,
 * or when a checksum does not match: the last chunk of a block still being written can be read
 * between the DataNode writing its bytes and writing its checksum, and HDFS's client handles that
 * case (and real corruption) properly. The DataNode must allow this user local path access
 * ({@code dfs.block.local-path-access.user}). Thread-safe.
 */
final class LocalReplicas implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalReplicas.class);
    private final DFSClient client;
    private final Configuration conf;
    private final String file;
    /** By start offset; replaced, never changed, when the file grows past the last known block. */
    private volatile List<Replica> replicas = List.of();
    /** Set once asking for local replicas failed (a DataNode that refuses this user, say): no more asking. */
    private volatile boolean unavailable;
    private volatile boolean closed;

    LocalReplicas(DFSClient client, Configuration conf, String file) {
        this.client = client;
        this.conf = conf;
        this.file = file;
    }

    /**
     * Reads from {@code position} into {@code destination} as far as local replicas allow.
     *
     * @return the bytes read, possibly fewer than asked for (none if no local replica covers
     *     {@code position}); the caller reads the rest through HDFS's client
     */
    int read(long position, ByteBuffer destination) {
        int total = 0;
        boolean refreshed = false;
        while (destination.hasRemaining() && !closed && !unavailable) {
            long at = position + total;
            Replica replica = find(replicas, at);
            int count;
            try {
                count = replica == null ? 0 : replica.read(at - replica.start, destination);
            } catch (IOException e) {
                // Closed under this read (a seal, a refresh), or unreadable: HDFS's client goes on.
                LOG.debug("Local read of {} at {} failed: {}", file, at, e.toString());
                break;
            }
            if (count > 0) {
                total += count;
            } else if (!refreshed && (replica == null || replica.capacity == Long.MAX_VALUE)) {
                // Past the blocks known, or at the end of the last one: the file may have grown.
                refresh();
                refreshed = true;
            } else {
                break;
            }
        }
        return total;
    }

    private static Replica find(List<Replica> known, long position) {
        for (int i = known.size() - 1; i >= 0; i--) {
            Replica replica = known.get(i);
            if (replica.start <= position) {
                // A later block starts where this one ends, so this one is the only candidate.
                return position - replica.start < replica.capacity ? replica : null;
            }
        }
        return null;
    }

    /**
     * Learns the file's blocks again and opens the local replicas of those not open yet. A failure
     * to ask makes this file's reads go through HDFS's client from now on.
     */
    private synchronized void refresh() {
        if (closed || unavailable) {
            return;
        }
        List<Replica> known = replicas;
        List<Replica> next = new ArrayList<>();
        try {
            List<LocatedBlock> blocks = client.getLocatedBlocks(file, 0).getLocatedBlocks();
            for (int i = 0; i < blocks.size(); i++) {
                LocatedBlock block = blocks.get(i);
                long capacity = i + 1 < blocks.size() ? blocks.get(i + 1).getStartOffset() - block.getStartOffset()
                        : Long.MAX_VALUE;
                Replica open = find(known, block.getStartOffset());
                if (open != null && open.start == block.getStartOffset()
                        && open.blockId == block.getBlock().getBlockId()) {
                    next.add(open.capacity == capacity ? open : open.withCapacity(capacity));
                    continue;
                }
                Replica opened = openLocal(block, capacity);
                if (opened == null) {
                    break;
                }
                next.add(opened);
            }
        } catch (NoSuchFileException e) {
            // The DataNode moved the replica (finalized it) between naming its file and the open: the
            // next read that misses asks again.
            LOG.debug("A replica of {} moved while being opened: {}", file, e.toString());
        } catch (IOException e) {
            LOG.debug("No local reads of {}: {}", file, e.toString());
            unavailable = true;
        }
        replicas = List.copyOf(next);
        for (Replica old : known) {
            if (next.stream().noneMatch(kept -> kept.shares(old))) {
                old.close();
            }
        }
    }

    private Replica openLocal(LocatedBlock block, long capacity) throws IOException {
        for (DatanodeInfo datanode : block.getLocations()) {
            if (!DFSUtilClient.isLocalAddress(NetUtils.createSocketAddr(datanode.getXferAddr()))) {
                continue;
            }
            // As this process's user, whom the DataNode must allow; a proxy made for the block would
            // speak as the block's token instead.
            ClientDatanodeProtocol proxy = DFSUtilClient.createClientDatanodeProtocolProxy(datanode, conf,
                    client.getConf().getSocketTimeout(), client.getConf().isConnectToDnViaHostname());
            BlockLocalPathInfo paths;
            try {
                paths = proxy.getBlockLocalPathInfo(block.getBlock(), block.getBlockToken());
            } finally {
                RPC.stopProxy(proxy);
            }
            return Replica.open(block.getStartOffset(), block.getBlock().getBlockId(), capacity, paths);
        }
        return null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Replica replica : replicas) {
            replica.close();
        }
        replicas = List.of();
    }

    /** One block's replica files on this machine; the files are shared by the copies {@link #withCapacity} makes. */
    private static final class Replica {
        /** The meta file's header: a version (2 bytes), the checksum type (1) and bytes per checksum (4). */
        private static final int HEADER = 7;
        /**
         * Per reading thread, reused for reads up to their size: a block volume's reads are mostly
         * small, and a direct buffer is read into without the JDK's copy through one of its own.
         */
        private static final ThreadLocal<ByteBuffer> DATA_BUFFER =
                ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(256 * 1024));
        private static final ThreadLocal<ByteBuffer> CHECKSUM_BUFFER =
                ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(4 * 1024));

        final long start;
        final long blockId;
        /** How many bytes of the file this block holds at most (the last known block: unbounded). */
        final long capacity;
        private final String name;
        private final FileChannel data;
        private final FileChannel meta;
        private final DataChecksum checksum;
        /** Set once the file holds the whole block: its length cannot change any more. */
        private volatile boolean whole;

        private Replica(long start, long blockId, long capacity, String name, FileChannel data, FileChannel meta,
                DataChecksum checksum) {
            this.start = start;
            this.blockId = blockId;
            this.capacity = capacity;
            this.name = name;
            this.data = data;
            this.meta = meta;
            this.checksum = checksum;
        }

        static Replica open(long start, long blockId, long capacity, BlockLocalPathInfo paths) throws IOException {
            FileChannel data = FileChannel.open(java.nio.file.Path.of(paths.getBlockPath()), StandardOpenOption.READ);
            FileChannel meta = null;
            try {
                meta = FileChannel.open(java.nio.file.Path.of(paths.getMetaPath()), StandardOpenOption.READ);
                ByteBuffer header = ByteBuffer.allocate(HEADER);
                while (header.hasRemaining() && meta.read(header, header.position()) > 0) {
                    // a header is 7 bytes: read until they are all in
                }
                if (header.hasRemaining()) {
                    throw new IOException("the checksum file " + paths.getMetaPath() + " has no header");
                }
                DataChecksum checksum = DataChecksum.newDataChecksum(header.array(), 2);
                if (checksum == null) {
                    throw new IOException("unknown checksum type in " + paths.getMetaPath());
                }
                return new Replica(start, blockId, capacity, paths.getBlockPath(), data, meta, checksum);
            } catch (IOException | RuntimeException e) {
                data.close();
                if (meta != null) {
                    meta.close();
                }
                throw e;
            }
        }

        /**
         * The replica file's length; once it has reached the block's known capacity the file is
         * whole (a finalized block) and is not asked again.
         */
        private long size() throws IOException {
            if (whole) {
                return capacity;
            }
            long size = data.size();
            if (size >= capacity) {
                whole = true;
                return capacity;
            }
            return size;
        }

        Replica withCapacity(long bytes) {
            return new Replica(start, blockId, bytes, name, data, meta, checksum);
        }

        boolean shares(Replica other) {
            return data == other.data;
        }

        /**
         * Reads whole checksum chunks around {@code [offset, offset + destination.remaining())}, as far
         * as the block and its file go, verifies them and copies the asked-for bytes.
         *
         * @return the bytes copied; 0 where the file ends or a checksum does not match
         */
        int read(long offset, ByteBuffer destination) throws IOException {
            long size = size();
            long end = Math.min(offset + destination.remaining(), Math.min(capacity, size));
            if (end <= offset) {
                return 0;
            }
            int chunk = checksum.getBytesPerChecksum();
            long first = offset - offset % chunk;
            long last = Math.min((end + chunk - 1) / chunk * chunk, size);
            ByteBuffer bytes = buffer(DATA_BUFFER, (int) (last - first));
            readFully(data, bytes, first);
            int chunks = (int) ((last - first + chunk - 1) / chunk);
            ByteBuffer sums = buffer(CHECKSUM_BUFFER, chunks * checksum.getChecksumSize());
            readFully(meta, sums, HEADER + first / chunk * checksum.getChecksumSize());
            if (bytes.hasRemaining() || sums.hasRemaining()) {
                return 0;
            }
            bytes.flip();
            sums.flip();
            try {
                checksum.verifyChunkedSums(bytes, sums, name, first);
            } catch (ChecksumException e) {
                return 0;
            }
            int count = (int) (end - offset);
            destination.put(bytes.slice((int) (offset - first), count));
            return count;
        }

        /** This thread's buffer of {@code reused}, limited to {@code length} bytes, or a new one if it is too small. */
        private static ByteBuffer buffer(ThreadLocal<ByteBuffer> reused, int length) {
            ByteBuffer buffer = reused.get();
            if (buffer.capacity() < length) {
                return ByteBuffer.allocate(length);
            }
            return buffer.clear().limit(length);
        }

        private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) <= 0) {
                    return;
                }
            }
        }

        void close() {
            try {
                data.close();
                meta.close();
            } catch (IOException e) {
                // Read-only files: nothing was lost by a failed close.
            }
        }
    }
}
