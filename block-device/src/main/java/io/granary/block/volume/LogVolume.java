package io.granary.block.volume;

import io.granary.block.BlockDevice.Allocation;
import io.granary.block.DeviceBusyException;
import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.block.Checkpoint;
import io.granary.core.block.Lease;
import io.granary.core.block.LeaseOutcome;
import io.granary.core.block.SegmentExistsException;
import io.granary.core.block.SegmentStore;
import io.granary.core.block.SegmentWriter;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeCatalog;
import io.granary.core.block.VolumeRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One volume open for writing: the log-structured engine.
 *
 * <ul>
 *   <li>Every write, trim or zeroing appends one {@link SegmentRecord} to the open segment and then
 *       updates the in-memory {@link ExtentMap}; reads resolve through the map (and, for a clone,
 *       through its parent snapshots).
 *   <li>A flush, and a write with {@code durable} set, return after the segment is synced: that
 *       alone makes the writes durable, since replay recovers them from the segment.
 *   <li>The map is checkpointed to the catalog when the volume opens, when a segment is full and the
 *       next one starts, after {@link VolumeConfig#checkpointBytes()} of records, on snapshot, flatten
 *       and close. Opening loads the checkpoint and replays the records written after it.
 *   <li>The writer holds the volume's lease, renewed in the background; a checkpoint succeeds only
 *       while the lease epoch is current, and a writer whose lease lapsed or was taken over fails
 *       every later change.
 * </ul>
 *
 * <p>Thread-safe: changes are serialized by one lock, held briefly since appends are buffered;
 * syncs run outside it with group commit (a flush or durable write whose records a sync already
 * covered returns at once; the others wait for the next sync, which covers them all). Reads run
 * concurrently and read segments outside any lock.
 * A failure to append or sync leaves the volume unusable until reopened (what was acknowledged is
 * in the segment; what was not may or may not be).
 */
final class LogVolume implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogVolume.class);
    /** The most data one record carries: NBD's largest payload. */
    static final int MAX_RECORD_DATA = 32 << 20;

    private final VolumeCatalog catalog;
    private final SegmentStore store;
    private final VolumeConfig config;
    private final Clock clock;
    private final long id;
    private final String name;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantReadWriteLock mapLock = new ReentrantReadWriteLock();
    /**
     * Held shared by reads from resolving the map until their segment reads are done, and
     * exclusively by the collector to delete segments, so no read loses a segment under it.
     */
    private final ReentrantReadWriteLock retireLock = new ReentrantReadWriteLock();
    /**
     * Held by a collection from start to end: a second one would otherwise take the first one's
     * victims, copied out but not yet deleted, for empty segments of its own.
     */
    private final ReentrantLock collectLock = new ReentrantLock();
    /** Guarded by {@link #mapLock}; changed only while also holding {@link #writeLock}. */
    private final ExtentMap map;
    private volatile Layers parents;
    private volatile VolumeRecord record;
    private volatile Lease lease;
    /** Replaced under {@link #writeLock}; syncs read it under {@link #syncMonitor}. */
    private volatile SegmentWriter writer;
    /** Guarded by {@link #writeLock}. */
    private long sequence;
    /** Guarded by {@link #writeLock}. */
    private long bytesSinceCheckpoint;
    /**
     * A checkpoint is due (enough bytes written, or a new segment started); the write that made it
     * due takes it after releasing the write lock. Written under {@link #writeLock}.
     */
    private volatile boolean checkpointDue;
    /** One checkpoint taken outside the write lock at a time. */
    private final AtomicBoolean checkpointing = new AtomicBoolean();
    /**
     * Serializes storing checkpoints, so that one taken outside the write lock never replaces a newer
     * one (a collection's, say, after which segments are deleted).
     */
    private final Object checkpointStore = new Object();
    /** The sequence of the newest checkpoint stored by this writer; guarded by {@link #checkpointStore}. */
    private long storedSequence = -1;
    /**
     * Serializes syncs of the open segment, and closing it, so that a sync never meets a closed
     * writer and one sync serves every flush waiting for it (group commit). Taken after
     * {@link #writeLock} when both are needed, never the other way round.
     */
    private final Object syncMonitor = new Object();
    /** Guards advancing {@link #visible}. */
    private final Object visibleMonitor = new Object();
    /** Every record up to here is durable; advanced under {@link #syncMonitor}. */
    private volatile LogPosition durable = LogPosition.START;
    /**
     * Every record up to here is readable; its segment is the open one (earlier ones are closed).
     * Advanced under {@link #visibleMonitor}, by syncs and segment changes (under {@link #syncMonitor}
     * too) and by reads that flush (under {@link #writeLock}, so the open segment cannot change).
     */
    private volatile LogPosition visible = LogPosition.START;
    private volatile IOException failure;
    private volatile boolean closed;
    private final ScheduledFuture<?> renewal;

    private LogVolume(VolumeCatalog catalog, SegmentStore store, VolumeConfig config, Clock clock, VolumeRecord record,
            Lease lease, ExtentMap map, Layers parents, long sequence, ScheduledExecutorService scheduler) {
        this.catalog = catalog;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.record = record;
        this.id = record.id();
        this.name = record.name();
        this.lease = lease;
        this.map = map;
        this.parents = parents;
        this.sequence = sequence;
        long period = Math.max(1, config.leaseTerm().toMillis() / 3);
        this.renewal = scheduler.scheduleWithFixedDelay(this::renewLease, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the volume's lease, loads its last checkpoint, replays what was written after it, starts
     * a new segment and checkpoints.
     *
     * @param scheduler runs the lease renewal
     * @throws DeviceBusyException if another writer holds the lease
     */
    static LogVolume open(VolumeCatalog catalog, SegmentStore store, VolumeConfig config, Clock clock,
            VolumeRecord record, ScheduledExecutorService scheduler) throws IOException {
        LeaseOutcome outcome = catalogCall(
                () -> catalog.acquireLease(record.id(), config.holder(), clock.instant(), config.leaseTerm()));
        Lease lease = outcome.acquired().orElseThrow(() -> new DeviceBusyException(record.name(),
                outcome.current().map(Lease::holder).orElse("another writer")));
        LogVolume volume = null;
        try {
            Layers parents = catalogCall(() -> Layers.of(catalog, store, record.parent()));
            Optional<Checkpoint> checkpoint = catalogCall(() -> catalog.latestCheckpoint(record.id()));
            ExtentMap map = checkpoint.map(c -> ExtentMap.decode(c.extents())).orElseGet(ExtentMap::new);
            Replay.Outcome replayed = Replay.run(store, record.id(), map,
                    checkpoint.map(Checkpoint::replaySegment).orElse(Long.MIN_VALUE),
                    checkpoint.map(Checkpoint::replayPosition).orElse(0L),
                    checkpoint.map(Checkpoint::sequence).orElse(0L));
            LOG.info("Volume {} opened by {} (epoch {}): {} extents, replayed {} records", record.name(),
                    config.holder(), lease.epoch(), map.size(), replayed.records());
            volume = new LogVolume(catalog, store, config, clock, record, lease, map, parents, replayed.sequence(),
                    scheduler);
            volume.start();
            return volume;
        } catch (IOException | RuntimeException e) {
            if (volume != null) {
                volume.abandon(e);
            }
            releaseQuietly(catalog, lease, e);
            throw e;
        }
    }

    private void start() throws IOException {
        writeLock.lock();
        try {
            startSegment(0);
            checkpoint();
        } finally {
            writeLock.unlock();
        }
    }

    /** Stops a volume whose opening failed: no renewal, its segment closed if it got one. */
    private void abandon(Exception failure) {
        renewal.cancel(false);
        closed = true;
        SegmentWriter opened = writer;
        if (opened != null) {
            try {
                opened.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    String name() {
        return name;
    }

    long id() {
        return id;
    }

    /** The volume's current size (writes up to it are accepted). */
    long size() {
        return record.size();
    }

    VolumeRecord record() {
        return record;
    }

    Lease lease() {
        return lease;
    }

    void read(long offset, ByteBuffer destination) throws IOException {
        requireHealthy();
        retireLock.readLock().lock();
        try {
            List<Extent> pieces;
            Layers under = parents;
            mapLock.readLock().lock();
            try {
                pieces = map.resolve(offset, destination.remaining());
            } finally {
                mapLock.readLock().unlock();
            }
            for (Extent piece : pieces) {
                ByteBuffer part = SegmentReads.take(destination, piece.length());
                switch (piece.kind()) {
                    case DATA -> {
                        ensureReadable(piece.segment(), piece.position() + piece.length());
                        SegmentReads.readFully(store, id, piece.segment(), piece.position(), part);
                    }
                    case HOLE, ZERO -> SegmentReads.zero(part);
                    case UNMAPPED -> under.read(piece.start(), part);
                }
            }
        } finally {
            retireLock.readLock().unlock();
        }
    }

    List<Allocation> allocation(long offset, long length) throws IOException {
        requireHealthy();
        List<Extent> pieces;
        Layers under = parents;
        mapLock.readLock().lock();
        try {
            pieces = map.resolve(offset, length);
        } finally {
            mapLock.readLock().unlock();
        }
        List<Allocation> out = new ArrayList<>();
        for (Extent piece : pieces) {
            if (piece.kind() == Extent.Kind.UNMAPPED) {
                under.allocation(piece.start(), piece.length()).forEach(a -> Layers.add(out, a));
            } else {
                Layers.add(out, Layers.allocationOf(piece));
            }
        }
        return out;
    }

    void write(long offset, ByteBuffer source, boolean durable) throws IOException {
        int length = source.remaining();
        LogPosition written;
        writeLock.lock();
        try {
            requireWritable(offset, length);
            // Records stay well below what replay accepts, whatever the caller sends.
            for (int done = 0; done < length; done += MAX_RECORD_DATA) {
                int part = Math.min(MAX_RECORD_DATA, length - done);
                appendData(offset + done, source.slice(source.position() + done, part));
                if (done + part < length) {
                    afterAppend();
                }
            }
            written = end();
            afterAppend();
        } finally {
            writeLock.unlock();
        }
        if (durable) {
            syncThrough(written);
        }
        source.position(source.limit());
        checkpointIfDue();
    }

    /** Records {@code [offset, offset + length)} as zeroes: a hole, or allocated zeroes. */
    void zero(long offset, long length, Extent.Kind kind, boolean durable) throws IOException {
        LogPosition written;
        writeLock.lock();
        try {
            requireWritable(offset, length);
            if (length > 0) {
                long next = sequence + 1;
                append(SegmentRecord.zeroesHeader(kind, next, offset, length));
                sequence = next;
                apply(Extent.zeroes(offset, length, kind, next), SegmentRecord.HEADER_LENGTH);
            }
            written = end();
            afterAppend();
        } finally {
            writeLock.unlock();
        }
        if (durable) {
            syncThrough(written);
        }
        checkpointIfDue();
    }

    /** Makes every write that completed before this call durable; the sync runs outside the write lock. */
    void flush() throws IOException {
        LogPosition written;
        writeLock.lock();
        try {
            requireWritable(0, 0);
            written = end();
        } finally {
            writeLock.unlock();
        }
        syncThrough(written);
    }

    /** Grows the volume to the size of {@code updated}, its record as the catalog now has it. */
    void resized(VolumeRecord updated) {
        writeLock.lock();
        try {
            record = updated;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Takes a snapshot: syncs, then records the map as it is.
     *
     * @throws StoreException {@code ALREADY_EXISTS} if the volume has a snapshot of that name
     */
    SnapshotRecord snapshot(String snapshotName) throws IOException {
        writeLock.lock();
        try {
            requireWritable(0, 0);
            sync();
            byte[] extents = encodedMap();
            VolumeRecord current = record;
            SnapshotRecord snapshot = new SnapshotRecord(id, snapshotName, current.size(), sequence, clock.instant(),
                    current.parent());
            Checkpoint frozen = new Checkpoint(sequence, writer.segment(), writer.length(), extents);
            if (!catalogCall(() -> catalog.createSnapshot(snapshot, frozen))) {
                throw new StoreException(StoreError.ALREADY_EXISTS, "volume " + name + " has a snapshot "
                        + snapshotName + " already");
            }
            return snapshot;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Copies into the volume every byte it still reads from its parent snapshots, then drops the
     * parent link. Writes may go on meanwhile: the copy works a chunk at a time and never replaces
     * what the volume has written itself.
     */
    void flatten() throws IOException {
        Layers from = parents;
        if (from.isEmpty()) {
            return;
        }
        final int chunk = 4 << 20;
        long limit = Math.min(record.size(), from.size());
        for (long at = 0; at < limit; at += chunk) {
            writeLock.lock();
            try {
                requireWritable(0, 0);
                List<Extent> gaps = new ArrayList<>();
                mapLock.readLock().lock();
                try {
                    for (Extent piece : map.resolve(at, Math.min(chunk, limit - at))) {
                        if (piece.kind() == Extent.Kind.UNMAPPED) {
                            gaps.add(piece);
                        }
                    }
                } finally {
                    mapLock.readLock().unlock();
                }
                for (Extent gap : gaps) {
                    ByteBuffer bytes = ByteBuffer.allocate((int) gap.length());
                    from.read(gap.start(), bytes);
                    bytes.flip();
                    // Zeroes need no copy: without a parent, unmapped bytes read as zeroes.
                    if (!SegmentReads.allZero(bytes)) {
                        appendData(gap.start(), bytes);
                        afterAppend();
                    }
                }
            } finally {
                writeLock.unlock();
            }
        }
        writeLock.lock();
        try {
            requireWritable(0, 0);
            checkpoint();
            VolumeRecord current = record;
            VolumeRecord flat = current.withoutParent();
            if (!catalogCall(() -> catalog.updateVolume(current, flat))) {
                throw new StoreException(StoreError.CONFLICT, "volume " + name + " changed while it was flattened");
            }
            record = flat;
            parents = Layers.none();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Reclaims the space of mostly dead segments: every closed segment of the volume that no
     * snapshot points into and whose live bytes are at most {@code maxLiveFraction} of its length
     * has its live extents copied into the open segment (as ordinary records, so replay and
     * snapshots need nothing new), then, once a checkpoint no longer points at it, is deleted.
     * Writes wait while it runs; a second collection waits for the first.
     */
    CollectionReport collect(double maxLiveFraction) throws IOException {
        if (!(maxLiveFraction >= 0 && maxLiveFraction < 1)) {
            throw new IllegalArgumentException("the live fraction must be in [0, 1): " + maxLiveFraction);
        }
        collectLock.lock();
        try {
            return collectSegments(maxLiveFraction);
        } finally {
            collectLock.unlock();
        }
    }

    private CollectionReport collectSegments(double maxLiveFraction) throws IOException {
        final int chunk = 4 << 20;
        List<Long> victims = new ArrayList<>();
        long copied = 0;
        long freed = 0;
        writeLock.lock();
        try {
            requireWritable(0, 0);
            Set<Long> pinned = new HashSet<>();
            for (SnapshotRecord snapshot : catalogCall(() -> catalog.listSnapshots(id))) {
                catalogCall(() -> catalog.snapshotMap(id, snapshot.name())).ifPresent(frozen -> {
                    for (Extent extent : ExtentMap.decode(frozen.extents()).extents()) {
                        if (extent.kind() == Extent.Kind.DATA) {
                            pinned.add(extent.segment());
                        }
                    }
                });
            }
            Map<Long, List<Extent>> liveBySegment = new HashMap<>();
            mapLock.readLock().lock();
            try {
                for (Extent extent : map.extents()) {
                    if (extent.kind() == Extent.Kind.DATA) {
                        liveBySegment.computeIfAbsent(extent.segment(), s -> new ArrayList<>()).add(extent);
                    }
                }
            } finally {
                mapLock.readLock().unlock();
            }
            long open = writer.segment();
            for (long segment : store.list(id)) {
                if (segment == open || pinned.contains(segment)) {
                    continue;
                }
                long length = store.length(id, segment);
                List<Extent> live = liveBySegment.getOrDefault(segment, List.of());
                long liveBytes = live.stream().mapToLong(Extent::length).sum();
                if (liveBytes > maxLiveFraction * length) {
                    continue;
                }
                for (Extent extent : live) {
                    for (long at = 0; at < extent.length(); at += chunk) {
                        ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(chunk, extent.length() - at));
                        SegmentReads.readFully(store, id, segment, extent.position() + at, bytes);
                        appendData(extent.start() + at, bytes.flip());
                        afterAppend();
                    }
                    copied += extent.length();
                }
                victims.add(segment);
                freed += length;
            }
            if (victims.isEmpty()) {
                return new CollectionReport(0, 0, 0);
            }
            // From here on neither the map nor the checkpoint points into the victims.
            checkpoint();
        } finally {
            writeLock.unlock();
        }
        retireLock.writeLock().lock();
        try {
            for (long segment : victims) {
                store.delete(id, segment);
            }
        } finally {
            retireLock.writeLock().unlock();
        }
        LOG.info("Volume {}: collected {} segments, copied {} live bytes, freed {} bytes", name, victims.size(),
                copied, freed);
        return new CollectionReport(victims.size(), copied, freed);
    }

    /** A copy of the map as it is now, for statistics. */
    ExtentMap mapCopy() {
        mapLock.readLock().lock();
        try {
            return map.copy();
        } finally {
            mapLock.readLock().unlock();
        }
    }

    /** Checkpoints, closes the segment and gives up the lease. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        renewal.cancel(false);
        writeLock.lock();
        try {
            closed = true;
            IOException problem = null;
            if (failure == null) {
                try {
                    checkpoint();
                } catch (IOException e) {
                    problem = e;
                }
            }
            try {
                synchronized (syncMonitor) {
                    writer.close();
                }
            } catch (IOException e) {
                if (problem == null && failure == null) {
                    problem = e;
                } else {
                    // The failure that made the volume unusable is what the caller needs to know.
                    LOG.debug("Closing the segment of failed volume {}", name, e);
                }
            }
            if (problem != null) {
                throw problem;
            }
        } finally {
            writeLock.unlock();
            releaseQuietly(catalog, lease, null);
        }
    }

    private void appendData(long offset, ByteBuffer source) throws IOException {
        long next = sequence + 1;
        ByteBuffer header = SegmentRecord.dataHeader(next, offset, source);
        long position = writer.length() + SegmentRecord.HEADER_LENGTH;
        long segment = writer.segment();
        int length = source.remaining();
        append(header);
        append(source.duplicate());
        sequence = next;
        apply(Extent.data(offset, length, segment, position, next), SegmentRecord.HEADER_LENGTH + length);
    }

    private void append(ByteBuffer bytes) throws IOException {
        try {
            writer.append(bytes);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private void apply(Extent extent, long recordBytes) {
        mapLock.writeLock().lock();
        try {
            map.put(extent);
        } finally {
            mapLock.writeLock().unlock();
        }
        bytesSinceCheckpoint += recordBytes;
    }

    /**
     * Rolls to a new segment when it is time, and marks a checkpoint due (taken by
     * {@link #checkpointIfDue}, or by the caller's own checkpoint); the caller holds the write lock.
     */
    private void afterAppend() throws IOException {
        if (writer.length() >= config.segmentBytes()) {
            roll();
        } else if (bytesSinceCheckpoint >= config.checkpointBytes()) {
            checkpointDue = true;
        }
    }

    /** Where the next record goes; the caller holds the write lock. */
    private LogPosition end() {
        return new LogPosition(writer.segment(), writer.length());
    }

    private void roll() throws IOException {
        closeSegment();
        startSegment((writer.segment() & 0xFFFF_FFFFL) + 1);
        checkpointDue = true;
    }

    /** Syncs and closes the open segment; the caller holds the write lock. */
    private void closeSegment() throws IOException {
        synchronized (syncMonitor) {
            LogPosition end = end();
            try {
                writer.close();
            } catch (IOException e) {
                throw fail(e);
            }
            advance(end, true);
        }
    }

    /** Starts the next segment of this writer: numbers are epoch‖counter, so later writers sort later. */
    private void startSegment(long counter) throws IOException {
        long number = (lease.epoch() << 32) | counter;
        while (true) {
            try {
                writer = store.create(id, number);
                break;
            } catch (SegmentExistsException e) {
                number++;
            } catch (IOException e) {
                throw fail(e);
            }
        }
        synchronized (syncMonitor) {
            // A new segment's nothing is durable and readable.
            advance(new LogPosition(number, 0), true);
        }
    }

    /** Syncs everything appended so far; the caller holds the write lock. */
    private void sync() throws IOException {
        syncThrough(end());
    }

    /**
     * Returns once every record up to {@code target} is durable: at once if a sync (or the close of
     * its segment) already covered it, else after a sync of the open segment, which covers every
     * caller waiting meanwhile too.
     */
    private void syncThrough(LogPosition target) throws IOException {
        if (durable.covers(target)) {
            return;
        }
        synchronized (syncMonitor) {
            if (durable.covers(target)) {
                return;
            }
            // Segments close only under this monitor, so the target's segment is the open one.
            SegmentWriter open = writer;
            LogPosition end = new LogPosition(open.segment(), open.length());
            try {
                open.sync();
            } catch (IOException e) {
                throw fail(e);
            }
            advance(end, true);
        }
    }

    /** Moves the durable (if {@code synced}) and visible marks forward to {@code to}; under {@link #syncMonitor}. */
    private void advance(LogPosition to, boolean synced) {
        if (synced && !durable.covers(to)) {
            durable = to;
        }
        advanceVisible(to);
    }

    /** Moves the visible mark forward to {@code to}; taken after {@link #syncMonitor} when both are held. */
    private void advanceVisible(LogPosition to) {
        synchronized (visibleMonitor) {
            if (!visible.covers(to)) {
                visible = to;
            }
        }
    }

    /** Syncs and writes the map with the position replay would start from; the caller holds the write lock. */
    private void checkpoint() throws IOException {
        sync();
        store(captureCheckpoint());
    }

    /**
     * The map as it is now, with the position replay would start from (the end of the log), and the
     * checkpoint no longer due; the caller holds the write lock and stores it once that position is
     * durable.
     */
    private Checkpoint captureCheckpoint() {
        Checkpoint checkpoint = new Checkpoint(sequence, writer.segment(), writer.length(), encodedMap());
        checkpointDue = false;
        bytesSinceCheckpoint = 0;
        return checkpoint;
    }

    /**
     * Takes a checkpoint that is due without holding the write lock while the records it covers are
     * synced and the map is stored: writes go on meanwhile (holding the lock stalled every writer of
     * the volume for the sync and the catalog write, four times per segment). The map and the position
     * are taken together under the lock, so replay from that position rebuilds what came after.
     */
    private void checkpointIfDue() throws IOException {
        if (!checkpointDue || !checkpointing.compareAndSet(false, true)) {
            return;
        }
        try {
            Checkpoint checkpoint;
            writeLock.lock();
            try {
                if (!checkpointDue || closed || failure != null) {
                    return;
                }
                checkpoint = captureCheckpoint();
            } finally {
                writeLock.unlock();
            }
            syncThrough(new LogPosition(checkpoint.replaySegment(), checkpoint.replayPosition()));
            store(checkpoint);
        } finally {
            checkpointing.set(false);
        }
    }

    /** Stores the checkpoint unless a newer one is stored already. */
    private void store(Checkpoint checkpoint) throws IOException {
        synchronized (checkpointStore) {
            if (checkpoint.sequence() <= storedSequence) {
                return;
            }
            Lease writerLease = lease;
            if (!catalogCall(() -> catalog.putCheckpoint(writerLease, checkpoint))) {
                throw fail(new IOException("volume " + name + " was taken over by another writer (epoch "
                        + writerLease.epoch() + " is fenced)"));
            }
            storedSequence = checkpoint.sequence();
        }
    }

    private byte[] encodedMap() {
        mapLock.readLock().lock();
        try {
            return map.encode();
        } finally {
            mapLock.readLock().unlock();
        }
    }

    private void ensureReadable(long segment, long end) throws IOException {
        LogPosition needed = new LogPosition(segment, end);
        if (visible.covers(needed)) {
            return;
        }
        writeLock.lock();
        try {
            if (!visible.covers(needed)) {
                LogPosition appended = end();
                try {
                    writer.flush();
                } catch (IOException e) {
                    throw fail(e);
                }
                // Not under the sync monitor: a read must not wait for a sync it does not need.
                advanceVisible(appended);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("volume " + name + " is closed");
        }
    }

    /** Open and not failed: a fenced writer must not serve reads either, its map may be stale. */
    private void requireHealthy() throws IOException {
        requireOpen();
        IOException failed = failure;
        if (failed != null) {
            throw new IOException("volume " + name + " failed earlier and must be reopened: " + failed.getMessage(),
                    failed);
        }
    }

    private void requireWritable(long offset, long length) throws IOException {
        requireHealthy();
        if (offset < 0 || length < 0 || offset > record.size() - length) {
            throw new IOException("range " + offset + "+" + length + " is outside volume " + name + " of "
                    + record.size() + " bytes");
        }
        if (!clock.instant().plus(config.leaseTerm().dividedBy(2)).isBefore(lease.expires())) {
            // The background renewal is late (the catalog was slow, the thread starved): renew now,
            // and stop writing if the lease lapsed and cannot be renewed.
            renewLease();
            if (failure != null || !clock.instant().isBefore(lease.expires())) {
                throw fail(new IOException("the lease of volume " + name + " lapsed"));
            }
        }
    }

    private void renewLease() {
        if (closed || failure != null) {
            return;
        }
        try {
            Optional<Lease> renewed = catalog.renewLease(lease, clock.instant(), config.leaseTerm());
            if (renewed.isPresent()) {
                lease = renewed.get();
            } else {
                fail(new IOException("volume " + name + " was taken over by another writer"));
            }
        } catch (RuntimeException e) {
            LOG.warn("Renewing the lease of volume {} failed; retrying", name, e);
        }
    }

    private IOException fail(IOException cause) {
        if (failure == null) {
            failure = cause;
            LOG.error("Volume {} stops taking writes: {}", name, cause.getMessage());
        }
        return cause;
    }

    /** A catalog call whose failures become {@link IOException}s, as the device contract wants. */
    static <T> T catalogCall(CatalogCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (StoreException e) {
            if (e.error() == StoreError.UNAVAILABLE || e.error() == StoreError.INTERNAL) {
                throw new IOException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Work against the catalog. */
    @FunctionalInterface
    interface CatalogCall<T> {
        T run();
    }

    private static void releaseQuietly(VolumeCatalog catalog, Lease lease, Exception failure) {
        try {
            catalog.releaseLease(lease);
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.warn("Releasing the lease of volume {} failed; it lapses by itself", lease.volumeId(), e);
            }
        }
    }
}
