package io.granary.hdfs;

import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BlobStore;
import io.granary.core.spi.BlobWriter;
import io.granary.core.spi.CorruptBlobException;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A {@link BlobStore} over a Hadoop {@link FileSystem} (HDFS in production).
 *
 * <ul>
 *   <li>Blobs of at most {@link HdfsBlobStoreConfig#packThreshold()} bytes are buffered by their
 *       writer and appended to a shared pack file with group commit: one thread per open pack writes
 *       every queued blob and {@code hsync}s once for the batch. Each extent's CRC32C is kept in its
 *       handle. A store instance never appends to packs of an earlier instance.
 *   <li>Larger blobs are streamed to a file of their own, followed by a table of CRC32C checksums,
 *       one per {@link HdfsBlobStoreConfig#chunkSize()} chunk.
 *   <li>{@link BlobWriter#commit()} returns only after the bytes are {@code hsync}ed.
 *   <li>Reads verify every extent or chunk they return bytes from, in bounded memory, and fail with
 *       {@link CorruptBlobException} instead of returning damaged bytes. Pack files are read through
 *       streams kept open between reads.
 *   <li>Releasing a large blob moves its file to the trash, purged after the grace period; releasing
 *       a packed blob only counts its bytes as dead (reclaiming them is a compactor's job).
 * </ul>
 *
 * <p>Files live under the root as described by {@code StoreLayout}: {@code packs/}, {@code blobs/},
 * {@code trash/}; their names are generated, never taken from object keys. The file system must
 * support {@code hsync} (HDFS, or the raw local file system for development); writing fails
 * otherwise. The store does not close the file system.
 *
 * <p>Thread-safe. Failures of the file system propagate as {@link IOException}s; after
 * {@link #close()} every operation fails with one.
 */
public final class HdfsBlobStore implements BlobStore {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Pack streams kept open for reads: packs roll at the maximum pack size, so few are hot at once. */
    static final int OPEN_PACK_STREAMS = 64;

    private final FileSystem fs;
    private final StoreLayout layout;
    private final HdfsBlobStoreConfig config;
    private final Clock clock;
    private final Random random = new SecureRandom();
    private final StoreCounters counters = new StoreCounters();
    private final List<PackAppender> appenders = new ArrayList<>();
    private final AtomicInteger nextAppender = new AtomicInteger();
    private final OpenPackFiles openPacks;
    private final PackedExtentReader packedReader;
    private final BlobFileOpener blobOpener;
    private final BlobTrash trash;
    private final TrashPurger purger;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Opens the store under {@code root}, creating its directories if needed, and starts its pack
     * appender threads and trash purger (which runs at once, then periodically).
     *
     * @param clock names new files and ages trash entries
     */
    public HdfsBlobStore(FileSystem fs, Path root, HdfsBlobStoreConfig config, Clock clock) throws IOException {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.layout = new StoreLayout(fs.makeQualified(Objects.requireNonNull(root, "root")));
        layout.createDirectories(fs);
        int instance = INSTANCES.incrementAndGet();
        for (int i = 0; i < config.openPacks(); i++) {
            appenders.add(new PackAppender(fs, layout, config.maxPackSize(), clock, random, counters,
                    "granary-pack-appender-" + instance + "-" + i));
        }
        this.openPacks = new OpenPackFiles(fs, OPEN_PACK_STREAMS);
        this.packedReader = new PackedExtentReader(openPacks, layout);
        this.blobOpener = new BlobFileOpener(fs, layout);
        this.trash = new BlobTrash(fs, layout, config.releaseGrace(), clock, counters);
        this.purger = new TrashPurger(trash, config.purgeInterval(), "granary-trash-purger-" + instance);
        appenders.forEach(PackAppender::start);
        purger.start();
    }

    @Override
    public BlobWriter create(long length) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        requireOpen();
        if (length <= config.packThreshold()) {
            return new SmallBlobWriter(nextAppender(), (int) length);
        }
        return LargeBlobWriter.create(fs, layout, FileId.next(clock, random), length, config.chunkSize(), counters);
    }

    @Override
    public InputStream open(BlobRef blob, long offset, long length) throws IOException {
        Objects.requireNonNull(blob, "blob");
        if (offset < 0 || length < 0 || offset > blob.length() - length) {
            throw new IllegalArgumentException("run " + offset + "+" + length + " outside the blob of "
                    + blob.length() + " bytes");
        }
        requireOpen();
        BlobHandle handle = BlobHandle.decode(blob.handle());
        if (handle instanceof BlobHandle.Empty && blob.length() != 0) {
            throw new CorruptBlobException("empty blob handle for " + blob.length() + " bytes");
        }
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        if (handle instanceof BlobHandle.Packed packed) {
            return packedReader.open(packed, blob.length(), offset, length);
        }
        BlobHandle.OwnFile file = (BlobHandle.OwnFile) handle;
        FSDataInputStream in = blobOpener.open(file.file());
        return new ChunkedBlobInputStream(blobOpener, in, file.file(), blob.length(), file.chunkSize(), offset, length);
    }

    @Override
    public void release(BlobRef blob) throws IOException {
        Objects.requireNonNull(blob, "blob");
        requireOpen();
        BlobHandle handle = BlobHandle.decode(blob.handle());
        if (handle instanceof BlobHandle.Packed packed) {
            counters.packedBlobReleased(packed.pack(), blob.length());
        } else if (handle instanceof BlobHandle.OwnFile file) {
            trash.moveToTrash(file.file());
        }
    }

    /** What this instance has done so far. */
    public HdfsBlobStoreStats stats() {
        return counters.snapshot(appenders.stream().mapToInt(PackAppender::queued).sum());
    }

    /**
     * Bytes of released packed blobs per pack file name, as far as this instance was told (the input
     * of a future compactor; not persisted).
     */
    public Map<String, Long> deadBytesByPack() {
        return counters.deadBytesByPack();
    }

    /**
     * Deletes now the trash entries released more than the grace period ago, as the periodic purger
     * does; returns how many it deleted.
     */
    public int purgeTrash() throws IOException {
        requireOpen();
        return trash.purge();
    }

    /**
     * Syncs and closes the open packs after appending what is queued, and stops the appender and
     * purger threads. Writers of large blobs still open keep their files. Closing twice is harmless.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        IOException failure = null;
        for (PackAppender appender : appenders) {
            try {
                appender.close();
            } catch (IOException e) {
                failure = addTo(failure, e);
            }
        }
        try {
            purger.close();
        } catch (IOException e) {
            failure = addTo(failure, e);
        }
        openPacks.close();
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException addTo(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private PackAppender nextAppender() {
        return appenders.get(Math.floorMod(nextAppender.getAndIncrement(), appenders.size()));
    }

    private void requireOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("the blob store is closed");
        }
    }
}
