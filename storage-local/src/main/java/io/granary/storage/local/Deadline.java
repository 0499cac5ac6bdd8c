package io.granary.storage.local;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a server to reach a state it does not announce: polls a condition until it holds or
 * the time is up.
 */
final class Deadline {
    private static final long POLL_MILLIS = 50;

    private Deadline() {
    }

    /** Something to check; may throw when the state cannot be read yet. */
    interface Condition {
        boolean holds() throws IOException;
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @throws TimeoutException if it still does not hold after {@code timeout}
     */
    static void await(String what, Duration timeout, Condition condition)
            throws IOException, InterruptedException, TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - end > 0) {
                throw new TimeoutException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
