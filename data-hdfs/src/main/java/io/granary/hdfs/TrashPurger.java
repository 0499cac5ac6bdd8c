package io.granary.hdfs;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link BlobTrash#purge()} on a daemon thread: once at {@link #start()}, then every interval.
 * A failed purge is logged and retried at the next run. {@link #close()} lets a running purge end.
 */
final class TrashPurger implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(TrashPurger.class);

    private final BlobTrash trash;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;

    TrashPurger(BlobTrash trash, Duration interval, String threadName) {
        this.trash = trash;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::purge, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void purge() {
        try {
            int purged = trash.purge();
            if (purged > 0) {
                LOG.debug("purged {} trash entries", purged);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("purging the blob trash failed; retrying in {}", interval, e);
        }
    }

    @Override
    public void close() throws IOException {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(1, TimeUnit.MINUTES)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
