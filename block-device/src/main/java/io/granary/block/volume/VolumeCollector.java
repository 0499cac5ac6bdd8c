package io.granary.block.volume;

import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeRecord;
import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims dead segment space in the background: every {@link VolumeCollectorSettings#interval()}
 * a round looks at the volumes open for writing in this process (only the lease holder may rewrite
 * a volume, and a volume is never opened just to be collected) and runs
 * {@link VolumeManager#collect the collector} on each whose dead bytes are worth it
 * ({@link VolumeCollectorSettings}), one volume after the other.
 *
 * <p>Lifecycle as Curator's recipes: {@code LATENT} until {@link #start()}, then {@code STARTED}
 * until {@link #close()}, then {@code CLOSED}; each at most once. Rounds never overlap, whether run
 * by the schedule or by {@link #runOnce()}. A failure on one volume is logged and counted in its
 * {@link CollectionStats}, and the volume is tried again next round; it never stops the collector.
 * What the collector did is visible in {@link VolumeManager#info}. Thread-safe.
 */
public final class VolumeCollector implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeCollector.class);

    private enum State {
        LATENT, STARTED, CLOSED
    }

    private final VolumeManager volumes;
    private final VolumeCollectorSettings settings;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    /** Held for the whole of a round, so rounds never overlap and close can wait for one. */
    private final ReentrantLock round = new ReentrantLock();
    /** Guarded by {@code this}. */
    private ScheduledFuture<?> schedule;
    /**
     * By volume id, how volumes stood when their last collection could reclaim nothing (their dead
     * bytes sit in segments a snapshot points into, or in the open segment): they are not collected
     * again until something changed (a write, a snapshot taken or deleted). Used by rounds only.
     */
    private final Map<Long, Standing> fruitless = new ConcurrentHashMap<>();

    /** What decides whether a collection can reclaim anything. */
    private record Standing(long deadBytes, long storedBytes, List<String> snapshots) {
    }

    /**
     * @param scheduler runs the rounds; the caller shuts it down after closing this collector
     */
    public VolumeCollector(VolumeManager volumes, VolumeCollectorSettings settings,
            ScheduledExecutorService scheduler) {
        this(volumes, settings, scheduler, false);
    }

    /** A collector with a thread of its own, stopped by {@link #close()}. */
    public VolumeCollector(VolumeManager volumes, VolumeCollectorSettings settings) {
        this(volumes, settings, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "granary-volume-collector");
            thread.setDaemon(true);
            return thread;
        }), true);
    }

    private VolumeCollector(VolumeManager volumes, VolumeCollectorSettings settings,
            ScheduledExecutorService scheduler, boolean ownsScheduler) {
        this.volumes = Objects.requireNonNull(volumes, "volumes");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
    }

    /**
     * Schedules a round every interval, the first one interval from now.
     *
     * @throws IllegalStateException if started or closed already
     */
    public synchronized void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("the volume collector cannot be started more than once");
        }
        long every = settings.interval().toMillis();
        schedule = scheduler.scheduleWithFixedDelay(this::scheduledRound, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs one round now, after any round under way: collects each volume open here that is worth
     * it. Failures are logged and counted, not thrown.
     *
     * @return what was collected, by volume name, in the order collected
     * @throws IllegalStateException unless started and not closed
     */
    public Map<String, CollectionReport> runOnce() {
        round.lock();
        try {
            requireStarted();
            Map<String, CollectionReport> collected = new LinkedHashMap<>();
            for (VolumeRecord volume : volumes.openForWriting()) {
                if (state.get() != State.STARTED) {
                    break;
                }
                collect(volume).ifPresent(report -> collected.put(volume.name(), report));
            }
            return collected;
        } finally {
            round.unlock();
        }
    }

    /**
     * Stops the schedule and waits for a round under way to finish (a collection is not cut short,
     * which would leave the volume unusable until reopened). Closing twice does nothing.
     */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        synchronized (this) {
            // After start() has scheduled, if it ran at all: it holds this lock throughout.
            if (schedule != null) {
                schedule.cancel(false);
            }
        }
        round.lock();
        round.unlock();
        if (ownsScheduler) {
            scheduler.shutdown();
        }
    }

    private Optional<CollectionReport> collect(VolumeRecord volume) {
        VolumeInfo before;
        Standing standing;
        try {
            Optional<VolumeInfo> info = volumes.info(volume.name());
            if (info.isEmpty() || info.get().volume().id() != volume.id()
                    || !settings.worthCollecting(info.get())) {
                return Optional.empty();
            }
            before = info.get();
            standing = new Standing(before.deadBytes(), before.storedBytes(),
                    volumes.snapshots(volume.name()).stream().map(SnapshotRecord::name).sorted().toList());
            if (standing.equals(fruitless.get(volume.id()))) {
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            volumes.collectionFailed(volume.id(), e);
            LOG.warn("Measuring volume {} for collection failed; trying again next round", volume.name(), e);
            return Optional.empty();
        }
        LOG.info("Collecting volume {}: {} of {} stored bytes are dead", volume.name(), before.deadBytes(),
                before.storedBytes());
        try {
            // Counts the run, and its failure, in the volume's statistics.
            Optional<CollectionReport> report = volumes.collectIfOpen(volume.name(), settings.maxLiveFraction());
            if (report.isPresent() && report.get().segmentsRemoved() == 0) {
                LOG.info("Volume {}: nothing to reclaim (the dead bytes are in segments a snapshot or the writer"
                        + " still needs); not collected again until it changes", volume.name());
                fruitless.put(volume.id(), standing);
            } else {
                fruitless.remove(volume.id());
            }
            return report;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Collecting volume {} failed; trying again next round", volume.name(), e);
            return Optional.empty();
        }
    }

    private void scheduledRound() {
        try {
            runOnce();
        } catch (IllegalStateException closed) {
            // Closed while this round waited to start.
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again.
            LOG.error("Volume collector round failed", e);
        }
    }

    private void requireStarted() {
        State now = state.get();
        if (now != State.STARTED) {
            throw new IllegalStateException("the volume collector is " + now.name().toLowerCase(Locale.ROOT)
                    + ", not started");
        }
    }
}
