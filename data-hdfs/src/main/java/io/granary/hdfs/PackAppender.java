package io.granary.hdfs;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends small blobs to one open pack file with group commit. A single thread takes every append
 * queued so far, writes them all, calls {@code hsync} once for the batch and then completes each
 * waiter, so concurrent commits share one sync. Before an extent would make the pack grow past the
 * maximum size, the pack is synced, closed, and a new one started. Packs are created lazily, never
 * reopened: a new appender (for example after a restart) always starts a new pack.
 *
 * <p>Thread-safe. If writing or syncing a batch fails, every append of that batch fails and the pack
 * is abandoned (its unacknowledged tail is garbage that no handle points at); the next batch goes to
 * a new pack. {@link #close()} writes what is queued, closes the pack and stops the thread.
 */
final class PackAppender implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PackAppender.class);

    /** Where an appended blob landed. */
    record Placement(FileId pack, long offset) {
    }

    private record Pending(byte[] bytes, CompletableFuture<Placement> placed) {
    }

    private record Unsynced(Pending append, Placement placement) {
    }

    private final FileSystem fs;
    private final StoreLayout layout;
    private final long maxPackSize;
    private final Clock clock;
    private final Random random;
    private final StoreCounters counters;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queuedOrClosing = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Guarded by {@link #lock}; once set, no append is accepted. */
    private boolean closing;

    /** Only touched by the appender thread. */
    private OpenPack current;
    private volatile IOException closeFailure;

    PackAppender(FileSystem fs, StoreLayout layout, long maxPackSize, Clock clock, Random random,
            StoreCounters counters, String threadName) {
        this.fs = fs;
        this.layout = layout;
        this.maxPackSize = maxPackSize;
        this.clock = clock;
        this.random = random;
        this.counters = counters;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Queues {@code bytes} (not copied; the caller must not change them) for the next batch. The
     * future completes once they are synced, or fails with the batch's {@link IOException}.
     *
     * @throws IOException if the appender is closed
     */
    CompletableFuture<Placement> append(byte[] bytes) throws IOException {
        Pending pending = new Pending(bytes, new CompletableFuture<>());
        lock.lock();
        try {
            if (closing) {
                throw new IOException("the pack appender is closed");
            }
            queue.add(pending);
            queuedOrClosing.signal();
        } finally {
            lock.unlock();
        }
        return pending.placed();
    }

    /** Appends waiting for the next batch. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, closes the open pack and waits for the thread to end. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closing = true;
            queuedOrClosing.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing " + thread.getName());
        }
        if (closeFailure != null) {
            throw closeFailure;
        }
    }

    private void run() {
        try {
            for (List<Pending> batch = nextBatch(); batch != null; batch = nextBatch()) {
                writeBatch(batch);
            }
            closeCurrent();
        } catch (IOException e) {
            closeFailure = e;
        } finally {
            failQueued(new IOException(thread.getName() + " stopped"));
        }
    }

    /** Waits for work; null once closing and nothing is left. */
    private List<Pending> nextBatch() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closing) {
                queuedOrClosing.awaitUninterruptibly();
            }
            if (queue.isEmpty()) {
                return null;
            }
            List<Pending> batch = new ArrayList<>(queue);
            queue.clear();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void writeBatch(List<Pending> batch) {
        List<Unsynced> unsynced = new ArrayList<>(batch.size());
        try {
            for (Pending append : batch) {
                if (current != null && current.wouldPass(append.bytes().length, maxPackSize)) {
                    syncAndComplete(unsynced);
                    closeCurrent();
                }
                if (current == null) {
                    current = startPack();
                }
                long offset = current.append(append.bytes());
                unsynced.add(new Unsynced(append, new Placement(current.id, offset)));
            }
            syncAndComplete(unsynced);
            if (current.isFull(maxPackSize)) {
                closeCurrent();
            }
        } catch (IOException | RuntimeException | Error e) {
            // Appends already synced were completed and keep their success; completing again is a no-op.
            IOException failure = e instanceof IOException io ? io : new IOException("pack append failed", e);
            batch.forEach(append -> append.placed().completeExceptionally(failure));
            abandonCurrent(failure);
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private void syncAndComplete(List<Unsynced> unsynced) throws IOException {
        if (unsynced.isEmpty()) {
            return;
        }
        current.out.hsync();
        counters.packSyncs.increment();
        for (Unsynced written : unsynced) {
            counters.extentsAppended.increment();
            counters.packedBytes.add(written.append().bytes().length);
            written.append().placed().complete(written.placement());
        }
        unsynced.clear();
    }

    private OpenPack startPack() throws IOException {
        FileId id = FileId.next(clock, random);
        Path path = layout.pack(id);
        FSDataOutputStream out = fs.create(path, false);
        try {
            Durability.requireHsync(out, path);
            PackFormat.writeHeader(out);
        } catch (IOException e) {
            out.close();
            fs.delete(path, false);
            throw e;
        }
        counters.packsStarted.increment();
        LOG.debug("started pack {}", path);
        return new OpenPack(id, out, PackFormat.HEADER_LENGTH);
    }

    /** Closes the pack after its last sync; its extents are durable already. */
    private void closeCurrent() throws IOException {
        if (current != null) {
            OpenPack closing = current;
            current = null;
            closing.out.close();
        }
    }

    private void abandonCurrent(IOException cause) {
        if (current != null) {
            LOG.warn("abandoning pack {} after a failed append", current.id.name(), cause);
            try {
                current.out.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
            current = null;
        }
    }

    private void failQueued(IOException failure) {
        lock.lock();
        try {
            closing = true;
            queue.forEach(append -> append.placed().completeExceptionally(failure));
            queue.clear();
        } finally {
            lock.unlock();
        }
    }

    /** The pack being appended to, with the position of its next extent. */
    private static final class OpenPack {
        private final FileId id;
        private final FSDataOutputStream out;
        private long position;

        OpenPack(FileId id, FSDataOutputStream out, long position) {
            this.id = id;
            this.out = out;
            this.position = position;
        }

        long append(byte[] bytes) throws IOException {
            long offset = position;
            out.write(bytes);
            position += bytes.length;
            return offset;
        }

        /** True if {@code length} more bytes would pass the maximum and the pack already holds an extent. */
        boolean wouldPass(int length, long maxPackSize) {
            return position > PackFormat.HEADER_LENGTH && position + length > maxPackSize;
        }

        boolean isFull(long maxPackSize) {
            return position >= maxPackSize;
        }
    }
}
