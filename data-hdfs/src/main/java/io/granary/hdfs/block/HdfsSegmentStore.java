package io.granary.hdfs.block;

import io.granary.core.block.SegmentExistsException;
import io.granary.core.block.SegmentStore;
import io.granary.core.block.SegmentWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.hdfs.DFSClient;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SegmentStore} over a Hadoop {@link FileSystem} (HDFS in production): one file per
 * segment, {@code <root>/<volume id, 16 hex digits>/<segment number, 16 hex digits>.seg}.
 *
 * <ul>
 *   <li>{@link SegmentWriter#flush()} is {@code hflush} (readers see the bytes),
 *       {@link SegmentWriter#sync()} is {@code hsync} (the DataNodes have them on disk). Files are
 *       created without overwrite, so a segment number is never reused.
 *   <li>Reads are positional reads on an input stream kept open per segment. A stream sees the
 *       length the file had when it was opened, so a read that comes up short on a segment still
 *       being written reopens the stream once and goes on.
 *   <li>With HDFS local reads on ({@code dfs.client.read.shortcircuit} and
 *       {@code dfs.client.use.legacy.blockreader.local}), reads go first to the replicas a DataNode on
 *       this machine keeps, through files held open per segment ({@link LocalReplicas}); what they
 *       cannot serve goes through the stream.
 *   <li>{@link #seal} recovers the HDFS lease of a file still open for writing (by this process or a
 *       dead one) and waits until the NameNode has closed it: the old writer's next {@code hflush}
 *       or {@code hsync} then fails. On file systems without lease recovery (the raw local file
 *       system used in development) only writers of this store instance are fenced.
 * </ul>
 *
 * <p>The file system must support {@code hsync}; creating a segment fails otherwise. The store does
 * not close the file system. Thread-safe.
 */
public final class HdfsSegmentStore implements SegmentStore {
    private static final Logger LOG = LoggerFactory.getLogger(HdfsSegmentStore.class);
    private static final String SUFFIX = ".seg";
    private static final Duration POLL = Duration.ofMillis(100);

    private final FileSystem fs;
    private final Path root;
    private final Duration sealTimeout;
    /** Keyed by segment, not by {@link Path}: building a Path parses a URI, too slow for every read. */
    private final Map<SegmentKey, FSDataInputStream> readers = new ConcurrentHashMap<>();
    /** Open local replica files by segment, when local reads are on (else null). */
    private final Map<SegmentKey, LocalReplicas> local;
    private final DFSClient localClient;
    private final LongAdder localReadBytes = new LongAdder();
    /** Writers of this instance still open, by file: sealing fences them even without lease recovery. */
    private final Map<Path, Writer> writers = new ConcurrentHashMap<>();

    /**
     * @param root the directory the volumes' segment directories go under, created if missing
     * @param sealTimeout how long {@link #seal} waits for HDFS to close a file whose lease it
     *     recovers
     */
    public HdfsSegmentStore(FileSystem fs, Path root, Duration sealTimeout) throws IOException {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.root = fs.makeQualified(Objects.requireNonNull(root, "root"));
        this.sealTimeout = Objects.requireNonNull(sealTimeout, "sealTimeout");
        if (!fs.mkdirs(this.root)) {
            throw new IOException("cannot create directory " + this.root);
        }
        Configuration conf = fs.getConf();
        boolean localReads = conf.getBoolean("dfs.client.read.shortcircuit", false)
                && conf.getBoolean("dfs.client.use.legacy.blockreader.local", false);
        this.localClient = localReads && fs instanceof DistributedFileSystem dfs ? dfs.getClient() : null;
        this.local = localClient == null ? null : new ConcurrentHashMap<>();
    }

    @Override
    public SegmentWriter create(long volume, long segment) throws IOException {
        Path path = path(volume, segment);
        FSDataOutputStream out;
        try {
            out = fs.create(path, false);
        } catch (FileAlreadyExistsException e) {
            throw new SegmentExistsException(volume, segment);
        }
        if (!out.hasCapability(StreamCapabilities.HSYNC)) {
            out.close();
            fs.delete(path, false);
            throw new IOException("the file system of " + path + " cannot hsync; use HDFS or the raw local file system");
        }
        Writer writer = new Writer(segment, path, out);
        writers.put(path, writer);
        return writer;
    }

    @Override
    public int read(long volume, long segment, long position, ByteBuffer destination) throws IOException {
        SegmentKey key = new SegmentKey(volume, segment);
        int total = 0;
        if (local != null) {
            LocalReplicas replicas = local.get(key);
            if (replicas == null) {
                replicas = local.computeIfAbsent(key, absent -> new LocalReplicas(localClient, fs.getConf(),
                        path(volume, segment).toUri().getPath()));
            }
            total = replicas.read(position, destination);
            localReadBytes.add(total);
            if (!destination.hasRemaining()) {
                return total;
            }
        }
        total += read(key, reader(key), position + total, destination);
        if (destination.hasRemaining()) {
            // The stream may predate bytes flushed since: look again with a fresh one.
            FSDataInputStream fresh = reopen(key);
            total += read(key, fresh, position + total, destination);
        }
        return total;
    }

    /**
     * Reads through {@code in}, the cached stream of the segment when the read began. If another read
     * replaced that stream meanwhile (or a seal dropped it), it was closed under this one ("Stream
     * closed"): the read starts again through the current stream.
     */
    private int read(SegmentKey key, FSDataInputStream in, long position, ByteBuffer destination) throws IOException {
        int start = destination.position();
        try {
            return read(in, position, destination);
        } catch (IOException e) {
            if (readers.get(key) == in) {
                throw e;
            }
            destination.position(start);
            return read(reader(key), position, destination);
        }
    }

    /** Bytes read so far from local replica files, not through HDFS's client (0 with local reads off). */
    public long localReadBytes() {
        return localReadBytes.sum();
    }

    @Override
    public long seal(long volume, long segment) throws IOException {
        Path path = path(volume, segment);
        Writer writer = writers.get(path);
        if (writer != null) {
            writer.fence();
        }
        if (fs instanceof LeaseRecoverable recoverable && !recoverable.isFileClosed(path)) {
            recoverLease(recoverable, path);
        }
        closeReader(new SegmentKey(volume, segment));
        return fs.getFileStatus(path).getLen();
    }

    @Override
    public long length(long volume, long segment) throws IOException {
        Path path = path(volume, segment);
        long stored = fs.getFileStatus(path).getLen();
        Writer writer = writers.get(path);
        return writer == null ? stored : Math.max(stored, writer.readable());
    }

    @Override
    public List<Long> list(long volume) throws IOException {
        FileStatus[] files;
        try {
            files = fs.listStatus(directory(volume));
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<Long> segments = new ArrayList<>();
        for (FileStatus file : files) {
            String name = file.getPath().getName();
            if (name.endsWith(SUFFIX) && name.length() == 16 + SUFFIX.length()) {
                segments.add(Long.parseUnsignedLong(name.substring(0, 16), 16));
            }
        }
        segments.sort(null);
        return segments;
    }

    @Override
    public void delete(long volume, long segment) throws IOException {
        Path path = path(volume, segment);
        closeReader(new SegmentKey(volume, segment));
        Writer writer = writers.remove(path);
        if (writer != null) {
            writer.fence();
        }
        fs.delete(path, false);
        if (list(volume).isEmpty()) {
            fs.delete(directory(volume), false);
        }
    }

    /** Closes the cached readers; writers are their owners' to close. */
    @Override
    public void close() {
        for (SegmentKey key : List.copyOf(readers.keySet())) {
            closeReader(key);
        }
        if (local != null) {
            for (SegmentKey key : List.copyOf(local.keySet())) {
                closeReader(key);
            }
        }
    }

    private void recoverLease(LeaseRecoverable recoverable, Path path) throws IOException {
        long deadline = System.nanoTime() + sealTimeout.toNanos();
        long nextRecovery = 0;
        while (true) {
            if (System.nanoTime() - nextRecovery >= 0) {
                if (recoverable.recoverLease(path)) {
                    return;
                }
                // Block recovery runs on the DataNodes; asking again now and then moves it along.
                nextRecovery = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            }
            if (recoverable.isFileClosed(path)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("HDFS did not close " + path + " within " + sealTimeout + " of lease recovery");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw (InterruptedIOException) new InterruptedIOException("interrupted sealing " + path).initCause(e);
            }
        }
    }

    private static int read(FSDataInputStream in, long position, ByteBuffer destination) throws IOException {
        int total = 0;
        byte[] buffer = destination.hasArray() ? null : new byte[Math.min(destination.remaining(), 1 << 20)];
        while (destination.hasRemaining()) {
            int count;
            if (buffer == null) {
                count = in.read(position + total, destination.array(), destination.arrayOffset() + destination.position(),
                        destination.remaining());
                if (count > 0) {
                    destination.position(destination.position() + count);
                }
            } else {
                count = in.read(position + total, buffer, 0, Math.min(buffer.length, destination.remaining()));
                if (count > 0) {
                    destination.put(buffer, 0, count);
                }
            }
            if (count <= 0) {
                break;
            }
            total += count;
        }
        return total;
    }

    private FSDataInputStream reader(SegmentKey key) throws IOException {
        FSDataInputStream cached = readers.get(key);
        if (cached != null) {
            return cached;
        }
        // Opened once however many reads find no stream at the same moment: a second open would
        // replace the first and close it under the reads already using it.
        try {
            return readers.computeIfAbsent(key, absent -> {
                try {
                    return fs.open(path(absent.volume(), absent.segment()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private FSDataInputStream reopen(SegmentKey key) throws IOException {
        FSDataInputStream fresh = fs.open(path(key.volume(), key.segment()));
        FSDataInputStream old = readers.put(key, fresh);
        if (old != null) {
            closeQuietly(old, key);
        }
        return fresh;
    }

    private void closeReader(SegmentKey key) {
        if (local != null) {
            LocalReplicas replicas = local.remove(key);
            if (replicas != null) {
                replicas.close();
            }
        }
        FSDataInputStream in = readers.remove(key);
        if (in != null) {
            closeQuietly(in, key);
        }
    }

    private static void closeQuietly(FSDataInputStream in, SegmentKey key) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("Closing a reader of segment {} of volume {}", hex(key.segment()), hex(key.volume()), e);
        }
    }

    /** One segment of one volume, as the key of the cached readers. */
    private record SegmentKey(long volume, long segment) {
    }

    private Path directory(long volume) {
        return new Path(root, hex(volume));
    }

    private Path path(long volume, long segment) {
        return new Path(directory(volume), hex(segment) + SUFFIX);
    }

    private static String hex(long value) {
        return String.format("%016x", value);
    }

    /**
     * Appends to one segment file. Appends and close take the writer's monitor; flush and sync do
     * not, so a sync waiting for the DataNodes does not hold up the next appends (HDFS's output
     * stream takes concurrent writes and syncs).
     */
    private final class Writer implements SegmentWriter {
        private final long segment;
        private final Path path;
        private final FSDataOutputStream out;
        private volatile long length;
        private volatile long readable;
        private volatile boolean closed;
        private volatile boolean fenced;
        private volatile IOException failure;

        Writer(long segment, Path path, FSDataOutputStream out) {
            this.segment = segment;
            this.path = path;
            this.out = out;
        }

        @Override
        public long segment() {
            return segment;
        }

        @Override
        public long length() {
            return length;
        }

        long readable() {
            return readable;
        }

        void fence() {
            fenced = true;
        }

        @Override
        public synchronized void append(ByteBuffer source) throws IOException {
            requireWritable();
            try {
                int count = source.remaining();
                if (source.hasArray()) {
                    out.write(source.array(), source.arrayOffset() + source.position(), count);
                    source.position(source.limit());
                } else {
                    byte[] chunk = new byte[Math.min(count, 64 * 1024)];
                    while (source.hasRemaining()) {
                        int next = Math.min(chunk.length, source.remaining());
                        source.get(chunk, 0, next);
                        out.write(chunk, 0, next);
                    }
                }
                length += count;
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void flush() throws IOException {
            requireWritable();
            long appended = length;
            try {
                out.hflush();
            } catch (IOException e) {
                throw failed(e);
            }
            advanceReadable(appended);
        }

        @Override
        public void sync() throws IOException {
            requireWritable();
            long appended = length;
            try {
                out.hsync();
            } catch (IOException e) {
                throw failed(e);
            }
            advanceReadable(appended);
        }

        private synchronized void advanceReadable(long to) {
            readable = Math.max(readable, to);
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            try {
                if (failure == null && !fenced) {
                    sync();
                }
            } finally {
                closed = true;
                writers.remove(path, this);
                try {
                    out.close();
                } catch (IOException e) {
                    if (failure == null && !fenced) {
                        throw e;
                    }
                    // A fenced or failed stream cannot close cleanly; its file is the new writer's now.
                    LOG.debug("Closing the fenced or failed segment {}", path, e);
                }
            }
        }

        private void requireWritable() throws IOException {
            if (closed) {
                throw new IOException("segment " + path + " is closed");
            }
            if (fenced) {
                throw new IOException("segment " + path + " was sealed by another writer");
            }
            if (failure != null) {
                throw new IOException("segment " + path + " failed earlier: " + failure.getMessage(), failure);
            }
        }

        private IOException failed(IOException e) {
            failure = e;
            return e;
        }
    }
}
