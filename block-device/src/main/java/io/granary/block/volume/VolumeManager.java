package io.granary.block.volume;

import io.granary.block.BlockDevice;
import io.granary.block.DeviceBusyException;
import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.block.Checkpoint;
import io.granary.core.block.Lease;
import io.granary.core.block.LeaseOutcome;
import io.granary.core.block.ParentSnapshot;
import io.granary.core.block.SegmentStore;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeCatalog;
import io.granary.core.block.VolumeRecord;
import io.granary.core.block.VolumeState;
import java.io.Closeable;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Block volumes: create, list, inspect, resize, delete, snapshot, clone, flatten, and open them as
 * {@link BlockDevice}s.
 *
 * <p>A volume is open for writing in at most one process at a time (the one holding its lease); in
 * that process every {@link #open} of it shares one engine, so handles see each other's writes and
 * a flush on one covers all. Operations that need the writer (snapshot, flatten) use the engine
 * when the volume is open here, and otherwise open it for the time of the operation, failing with
 * {@link DeviceBusyException} if another process holds it. Snapshots open read-only and need no
 * lease.
 *
 * <p>Names of volumes and snapshots are 1 to 128 letters, digits, dots, dashes and underscores,
 * starting with a letter or digit. Failures: {@link StoreException} with {@code NOT_FOUND} (no such
 * volume or snapshot), {@code ALREADY_EXISTS}, {@code CONFLICT} (the volume has clones, is open, or
 * changed meanwhile), {@code INVALID_ARGUMENT} (bad name, shrinking); catalog failures as in
 * {@link VolumeCatalog}; segment store failures as {@link IOException}s.
 *
 * <p>Thread-safe. {@link #close()} closes every engine this manager opened (checkpointing them).
 */
public final class VolumeManager implements Closeable {
    /** How long a delete waits for this process's handles of the volume to be closed. */
    static final Duration RELEASE_GRACE = Duration.ofSeconds(3);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** An engine open in this process and how many handles use it. */
    private static final class Shared {
        final LogVolume volume;
        int handles;

        Shared(LogVolume volume) {
            this.volume = volume;
        }
    }

    private final VolumeCatalog catalog;
    private final SegmentStore store;
    private final VolumeConfig config;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Random random = new SecureRandom();
    /** Engines by volume name; guarded by {@code this}. */
    private final Map<String, Shared> open = new HashMap<>();
    /**
     * Engines whose last handle went and that are closing (checkpoint, lease release), by volume
     * name; guarded by {@code this}. Opening that volume again waits for them: until the lease is
     * released, a new engine would find it held, by this very process.
     */
    private final Map<String, LogVolume> closing = new HashMap<>();
    private final CollectionHistory collections;

    /**
     * @param scheduler runs lease renewals; the caller shuts it down after closing this manager
     */
    public VolumeManager(VolumeCatalog catalog, SegmentStore store, VolumeConfig config, Clock clock,
            ScheduledExecutorService scheduler) {
        this(catalog, store, config, clock, scheduler, false);
    }

    /** A manager with a lease-renewal thread of its own, stopped by {@link #close()}. */
    public VolumeManager(VolumeCatalog catalog, SegmentStore store, VolumeConfig config, Clock clock) {
        this(catalog, store, config, clock, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "granary-volume-leases");
            thread.setDaemon(true);
            return thread;
        }), true);
    }

    private VolumeManager(VolumeCatalog catalog, SegmentStore store, VolumeConfig config, Clock clock,
            ScheduledExecutorService scheduler, boolean ownsScheduler) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
        this.collections = new CollectionHistory(clock);
    }

    /** Creates an empty volume of {@code size} bytes; it reads as zeroes. */
    public VolumeRecord create(String name, long size) {
        requireName(name);
        if (size < 0) {
            throw new StoreException(StoreError.INVALID_ARGUMENT, "negative volume size " + size);
        }
        VolumeRecord volume = new VolumeRecord(name, random.nextLong(), size, Optional.empty(), VolumeState.AVAILABLE,
                clock.instant());
        if (!catalog.createVolume(volume)) {
            throw new StoreException(StoreError.ALREADY_EXISTS, "volume " + name + " exists already");
        }
        return volume;
    }

    /** Every volume, by name. */
    public List<VolumeRecord> list() {
        return catalog.listVolumes();
    }

    /**
     * The volume, the space it takes and what the collector did to it in this process. For a volume
     * open in this process the space figures are exact; for one that is not, they come from its last
     * checkpoint (writes since are not counted).
     */
    public Optional<VolumeInfo> info(String name) throws IOException {
        Optional<VolumeRecord> found = catalog.findVolume(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        VolumeRecord volume = found.get();
        ExtentMap live;
        synchronized (this) {
            Shared shared = open.get(name);
            live = shared != null ? shared.volume.mapCopy() : null;
        }
        if (live == null) {
            live = catalog.latestCheckpoint(volume.id()).map(c -> ExtentMap.decode(c.extents()))
                    .orElseGet(ExtentMap::new);
        }
        List<ExtentMap> maps = new ArrayList<>();
        maps.add(live);
        List<SnapshotRecord> snapshots = catalog.listSnapshots(volume.id());
        for (SnapshotRecord snapshot : snapshots) {
            catalog.snapshotMap(volume.id(), snapshot.name()).ifPresent(c -> maps.add(ExtentMap.decode(c.extents())));
        }
        long stored = 0;
        for (long segment : store.list(volume.id())) {
            stored += store.length(volume.id(), segment);
        }
        long referenced = SpaceUsage.referencedBytes(maps);
        return Optional.of(new VolumeInfo(volume, snapshots.size(), live.dataBytes(), stored,
                Math.max(0, stored - referenced), collections.of(volume.id())));
    }

    /**
     * Grows a volume. Handles open already keep their size; handles opened afterwards see the new
     * one.
     */
    public VolumeRecord resize(String name, long newSize) {
        synchronized (this) {
            VolumeRecord volume = require(name);
            if (newSize < volume.size()) {
                throw new StoreException(StoreError.INVALID_ARGUMENT, "volume " + name + " of " + volume.size()
                        + " bytes cannot shrink to " + newSize);
            }
            VolumeRecord grown = volume.withSize(newSize);
            if (!catalog.updateVolume(volume, grown)) {
                throw new StoreException(StoreError.CONFLICT, "volume " + name + " changed meanwhile; try again");
            }
            Shared shared = open.get(name);
            if (shared != null) {
                shared.volume.resized(grown);
            }
            return grown;
        }
    }

    /**
     * Deletes a volume, its snapshots and its data. Refused while it is open for writing (here or in
     * another process; a handle open here is given {@link #RELEASE_GRACE} to be closed first) and
     * while a clone is layered over one of its snapshots.
     */
    public void delete(String name) throws IOException {
        VolumeRecord volume;
        synchronized (this) {
            awaitReleased(name, RELEASE_GRACE);
            awaitClosed(name);
            volume = catalog.findVolume(name).orElseThrow(
                    () -> new StoreException(StoreError.NOT_FOUND, "no volume " + name));
            if (volume.state() == VolumeState.DELETING) {
                // An earlier delete stopped half way: finish it.
                deleteData(volume);
                return;
            }
            if (open.containsKey(name)) {
                throw new StoreException(StoreError.CONFLICT, "volume " + name + " is open for writing");
            }
            requireNoClones(volume.id(), Optional.empty(), "volume " + name);
            LeaseOutcome lease = catalog.acquireLease(volume.id(), config.holder(), clock.instant(), config.leaseTerm());
            if (lease.acquired().isEmpty()) {
                throw new DeviceBusyException(name, lease.current().map(Lease::holder).orElse("another writer"));
            }
            VolumeRecord deleting = volume.withState(VolumeState.DELETING);
            if (!catalog.updateVolume(volume, deleting)) {
                catalog.releaseLease(lease.acquired().get());
                throw new StoreException(StoreError.CONFLICT, "volume " + name + " changed meanwhile; try again");
            }
            volume = deleting;
        }
        deleteData(volume);
    }

    private void deleteData(VolumeRecord deleting) throws IOException {
        for (long segment : store.list(deleting.id())) {
            store.delete(deleting.id(), segment);
        }
        catalog.deleteVolume(deleting);
        collections.forget(deleting.id());
    }

    /** Takes a snapshot of the volume as it is now; no data is copied and the volume stays writable. */
    public SnapshotRecord snapshot(String volume, String snapshot) throws IOException {
        requireName(snapshot);
        return withEngine(volume, engine -> engine.snapshot(snapshot));
    }

    /** The volume's snapshots, by name. */
    public List<SnapshotRecord> snapshots(String volume) {
        return catalog.listSnapshots(require(volume).id());
    }

    /** Deletes a snapshot; refused while a clone is layered over it. */
    public void deleteSnapshot(String volume, String snapshot) {
        VolumeRecord record = require(volume);
        requireSnapshot(record, snapshot);
        requireNoClones(record.id(), Optional.of(snapshot), "snapshot " + volume + "@" + snapshot);
        catalog.deleteSnapshot(record.id(), snapshot);
    }

    /**
     * Creates a writable volume layered over a snapshot, usable at once: it reads as the snapshot
     * until written, and copies nothing until {@link #flatten flattened}.
     *
     * @param size the clone's size: at least the snapshot's
     */
    public VolumeRecord clone(String volume, String snapshot, String cloneName, long size) {
        requireName(cloneName);
        VolumeRecord parent = require(volume);
        SnapshotRecord frozen = requireSnapshot(parent, snapshot);
        if (size < frozen.size()) {
            throw new StoreException(StoreError.INVALID_ARGUMENT, "a clone of " + frozen.size()
                    + " bytes cannot be " + size + " bytes");
        }
        VolumeRecord clone = new VolumeRecord(cloneName, random.nextLong(), size,
                Optional.of(new ParentSnapshot(volume, parent.id(), snapshot)), VolumeState.AVAILABLE, clock.instant());
        if (!catalog.createVolume(clone)) {
            throw new StoreException(StoreError.ALREADY_EXISTS, "volume " + cloneName + " exists already");
        }
        return clone;
    }

    /** A clone of the snapshot's size. */
    public VolumeRecord clone(String volume, String snapshot, String cloneName) {
        return clone(volume, snapshot, cloneName, requireSnapshot(require(volume), snapshot).size());
    }

    /** Copies a clone's parent data into it and drops the parent link; does nothing for other volumes. */
    public void flatten(String name) throws IOException {
        withEngine(name, engine -> {
            engine.flatten();
            return null;
        });
    }

    /**
     * The ranges of the volume that may differ between two of its snapshots (written, trimmed or
     * zeroed after {@code from} was taken and before {@code to} was), merged, in order; for backups
     * that copy only what changed. A range is reported if the two maps point at different bytes,
     * so bytes rewritten with the same content, or copied in by a flatten, count as changed.
     */
    public List<ChangedRange> changedRanges(String volume, String from, String to) {
        VolumeRecord record = require(volume);
        SnapshotRecord older = requireSnapshot(record, from);
        SnapshotRecord newer = requireSnapshot(record, to);
        ExtentMap olderMap = ExtentMap.decode(catalog.snapshotMap(record.id(), from)
                .orElseThrow(() -> noSnapshot(volume, from)).extents());
        ExtentMap newerMap = ExtentMap.decode(catalog.snapshotMap(record.id(), to)
                .orElseThrow(() -> noSnapshot(volume, to)).extents());
        List<ChangedRange> changed = new ArrayList<>(
                MapDifference.between(olderMap, newerMap, Math.min(older.size(), newer.size())));
        long grown = Math.max(older.size(), newer.size()) - Math.min(older.size(), newer.size());
        if (grown > 0) {
            // Bytes only one of the snapshots has: changed by definition.
            long start = Math.min(older.size(), newer.size());
            if (!changed.isEmpty() && changed.get(changed.size() - 1).offset()
                    + changed.get(changed.size() - 1).length() == start) {
                ChangedRange last = changed.remove(changed.size() - 1);
                changed.add(new ChangedRange(last.offset(), last.length() + grown));
            } else {
                changed.add(new ChangedRange(start, grown));
            }
        }
        return changed;
    }

    /**
     * Runs the segment collector on the volume: segments no snapshot needs whose live bytes are at
     * most {@code maxLiveFraction} of their length are rewritten and deleted. One collection of a
     * volume runs at a time; the run is counted in {@link VolumeInfo#collection()}.
     */
    public CollectionReport collect(String name, double maxLiveFraction) throws IOException {
        if (!(maxLiveFraction >= 0 && maxLiveFraction < 1)) {
            throw new IllegalArgumentException("the live fraction must be in [0, 1): " + maxLiveFraction);
        }
        return withEngine(name, engine -> countedCollect(engine, maxLiveFraction));
    }

    /**
     * The volumes open for writing in this process (this process holds their leases), as their
     * engines know them.
     */
    synchronized List<VolumeRecord> openForWriting() {
        return open.values().stream().map(shared -> shared.volume.record()).toList();
    }

    /**
     * Collects the volume if and only if it is open for writing here, keeping it open meanwhile;
     * never opens it. Empty if it is not open here.
     */
    Optional<CollectionReport> collectIfOpen(String name, double maxLiveFraction) throws IOException {
        Shared shared;
        synchronized (this) {
            shared = open.get(name);
            if (shared == null) {
                return Optional.empty();
            }
            shared.handles++;
        }
        try {
            return Optional.of(countedCollect(shared.volume, maxLiveFraction));
        } finally {
            release(name, shared);
        }
    }

    /** Counts a collection run that failed before it reached the engine. */
    void collectionFailed(long volumeId, Exception error) {
        collections.failed(volumeId, error);
    }

    private CollectionReport countedCollect(LogVolume engine, double maxLiveFraction) throws IOException {
        long volumeId = engine.record().id();
        try {
            CollectionReport report = engine.collect(maxLiveFraction);
            collections.succeeded(volumeId, report);
            return report;
        } catch (IOException | RuntimeException e) {
            collections.failed(volumeId, e);
            throw e;
        }
    }

    /**
     * Opens the volume for writing. Handles of one volume in this process share its engine.
     *
     * @throws DeviceBusyException if another process holds the volume
     */
    public synchronized BlockDevice open(String name) throws IOException {
        awaitClosed(name);
        VolumeRecord volume = require(name);
        Shared shared = open.get(name);
        if (shared == null) {
            shared = new Shared(LogVolume.open(catalog, store, config, clock, volume, scheduler));
            open.put(name, shared);
        }
        shared.handles++;
        Shared opened = shared;
        return new VolumeDevice(shared.volume, () -> release(name, opened));
    }

    /** Opens a snapshot, read-only; no lease is needed. */
    public BlockDevice openSnapshot(String volume, String snapshot) {
        VolumeRecord record = require(volume);
        SnapshotRecord frozen = requireSnapshot(record, snapshot);
        Checkpoint map = catalog.snapshotMap(record.id(), snapshot).orElseThrow(() -> noSnapshot(volume, snapshot));
        Layers layers = Layers.of(catalog, store, frozen.parent())
                .under(new Layer(record.id(), ExtentMap.decode(map.extents()), frozen.size()));
        return new SnapshotDevice(volume + "@" + snapshot, layers);
    }

    /** Closes every engine opened here, then the renewal thread if it is this manager's own. */
    @Override
    public void close() throws IOException {
        List<LogVolume> engines;
        synchronized (this) {
            engines = open.values().stream().map(s -> s.volume).toList();
            open.clear();
        }
        IOException failure = null;
        for (LogVolume engine : engines) {
            try {
                engine.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void release(String name, Shared shared) throws IOException {
        synchronized (this) {
            if (open.get(name) != shared || --shared.handles > 0) {
                return;
            }
            open.remove(name);
            closing.put(name, shared.volume);
        }
        try {
            shared.volume.close();
        } finally {
            synchronized (this) {
                closing.remove(name, shared.volume);
                notifyAll();
            }
        }
    }

    /** Waits, holding {@code this} but for the waits, until no engine of the volume is closing. */
    /**
     * Waits up to {@code grace} for the volume's handles here to be closed. An NBD client's
     * disconnect gets no reply, so the client (qemu-img, say) may have exited before the server
     * has closed its handle; a delete right after it would otherwise be refused.
     */
    private void awaitReleased(String name, Duration grace) throws IOException {
        long deadline = System.nanoTime() + grace.toNanos();
        long left;
        while (open.containsKey(name) && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while volume " + name + " was released");
            }
        }
    }

    private void awaitClosed(String name) throws IOException {
        while (closing.containsKey(name)) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while volume " + name + " closed");
            }
        }
    }

    /** Work that needs the volume's writer. */
    @FunctionalInterface
    private interface EngineWork<T> {
        T run(LogVolume engine) throws IOException;
    }

    private <T> T withEngine(String name, EngineWork<T> work) throws IOException {
        Shared shared;
        synchronized (this) {
            awaitClosed(name);
            shared = open.get(name);
            if (shared == null) {
                shared = new Shared(LogVolume.open(catalog, store, config, clock, require(name), scheduler));
                open.put(name, shared);
            }
            shared.handles++;
        }
        try {
            return work.run(shared.volume);
        } finally {
            release(name, shared);
        }
    }

    private VolumeRecord require(String name) {
        VolumeRecord volume = catalog.findVolume(name).orElseThrow(
                () -> new StoreException(StoreError.NOT_FOUND, "no volume " + name));
        if (volume.state() != VolumeState.AVAILABLE) {
            throw new StoreException(StoreError.NOT_FOUND, "volume " + name + " is being deleted");
        }
        return volume;
    }

    private SnapshotRecord requireSnapshot(VolumeRecord volume, String snapshot) {
        return catalog.findSnapshot(volume.id(), snapshot).orElseThrow(() -> noSnapshot(volume.name(), snapshot));
    }

    /** Refuses if a volume or a snapshot is layered over {@code volumeId} (over that snapshot of it, if given). */
    private void requireNoClones(long volumeId, Optional<String> snapshot, String what) {
        for (VolumeRecord volume : catalog.listVolumes()) {
            if (layeredOver(volume.parent(), volumeId, snapshot)) {
                throw new StoreException(StoreError.CONFLICT, what + " has a clone: " + volume.name());
            }
            for (SnapshotRecord other : catalog.listSnapshots(volume.id())) {
                if (layeredOver(other.parent(), volumeId, snapshot)) {
                    throw new StoreException(StoreError.CONFLICT, what + " is the parent of snapshot "
                            + volume.name() + "@" + other.name());
                }
            }
        }
    }

    private static boolean layeredOver(Optional<ParentSnapshot> parent, long volumeId, Optional<String> snapshot) {
        return parent.isPresent() && parent.get().volumeId() == volumeId
                && snapshot.map(s -> s.equals(parent.get().snapshot())).orElse(true);
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new StoreException(StoreError.INVALID_ARGUMENT, "not a volume or snapshot name: " + name);
        }
    }

    private static StoreException noSnapshot(String volume, String snapshot) {
        return new StoreException(StoreError.NOT_FOUND, "no snapshot " + volume + "@" + snapshot);
    }
}
