package io.granary.hdfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A file system whose {@code hsync} calls a test can count, hold until released, or fail: the
 * structural handle on group commit, with no timing involved.
 */
final class SyncGateFileSystem extends FilterFileSystem {
    private final AtomicInteger syncs = new AtomicInteger();
    private final CountDownLatch syncEntered = new CountDownLatch(1);
    private final AtomicBoolean failNextSync = new AtomicBoolean();
    private volatile CountDownLatch gate;

    SyncGateFileSystem(FileSystem inner) {
        super(inner);
    }

    /** Makes every {@code hsync} wait until {@link #openGate()}. */
    void closeGate() {
        gate = new CountDownLatch(1);
    }

    void openGate() {
        CountDownLatch current = gate;
        if (current != null) {
            current.countDown();
        }
    }

    /** Waits until some {@code hsync} has been called (and, with the gate closed, is held). */
    boolean awaitSyncEntered() throws InterruptedException {
        return syncEntered.await(Conditions.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    void failNextSync() {
        failNextSync.set(true);
    }

    /** {@code hsync} calls that went through to the file. */
    int syncs() {
        return syncs.get();
    }

    @Override
    public FSDataOutputStream create(Path path, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        FSDataOutputStream inner = super.create(path, permission, overwrite, bufferSize, replication, blockSize, progress);
        return new FSDataOutputStream(new GatedStream(inner), null);
    }

    private void beforeSync() throws IOException {
        syncEntered.countDown();
        CountDownLatch current = gate;
        try {
            if (current != null && !current.await(Conditions.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the test never opened the sync gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted at the sync gate");
        }
        if (failNextSync.getAndSet(false)) {
            throw new IOException("injected hsync failure");
        }
    }

    private final class GatedStream extends OutputStream implements Syncable, StreamCapabilities {
        private final FSDataOutputStream inner;

        GatedStream(FSDataOutputStream inner) {
            this.inner = inner;
        }

        @Override
        public void write(int b) throws IOException {
            inner.write(b);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            inner.write(buffer, offset, length);
        }

        @Override
        public void flush() throws IOException {
            inner.flush();
        }

        @Override
        public void hflush() throws IOException {
            inner.hflush();
        }

        @Override
        public void hsync() throws IOException {
            beforeSync();
            inner.hsync();
            syncs.incrementAndGet();
        }

        @Override
        public boolean hasCapability(String capability) {
            return inner.hasCapability(capability);
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
