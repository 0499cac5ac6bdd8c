package io.granary.core.version;

import java.time.Clock;

/**
 * A hybrid logical clock: timestamps that follow wall-clock time but never go backwards and never
 * repeat on one node, so versions written in order get ids in order even if the wall clock steps
 * back. {@link #observe} folds in a timestamp seen from another zone, so a version written after
 * replicating another sorts after it. Thread-safe.
 */
public final class HybridLogicalClock {
    /** The logical counter fits 16 bits of a {@link VersionId}. */
    static final int MAX_LOGICAL = 0xFFFF;

    private final Clock clock;
    private long physical;
    private int logical;

    public HybridLogicalClock(Clock clock) {
        this.clock = clock;
    }

    /** A timestamp later than every one this clock has issued or observed. */
    public synchronized Timestamp tick() {
        long now = clock.millis();
        if (now > physical) {
            physical = now;
            logical = 0;
        } else if (logical < MAX_LOGICAL) {
            logical++;
        } else {
            // The counter is exhausted within one millisecond: borrow the next millisecond.
            physical++;
            logical = 0;
        }
        return new Timestamp(physical, logical);
    }

    /** Takes note of a timestamp issued elsewhere, so later ticks sort after it. */
    public synchronized void observe(Timestamp remote) {
        if (remote.physicalMillis() > physical
                || (remote.physicalMillis() == physical && remote.logical() > logical)) {
            physical = remote.physicalMillis();
            logical = remote.logical();
        }
    }

    /** A point of hybrid logical time: milliseconds since the epoch and a counter within them. */
    public record Timestamp(long physicalMillis, int logical) implements Comparable<Timestamp> {
        public Timestamp {
            if (physicalMillis < 0 || physicalMillis >= (1L << 48)) {
                throw new IllegalArgumentException("physical time out of range: " + physicalMillis);
            }
            if (logical < 0 || logical > MAX_LOGICAL) {
                throw new IllegalArgumentException("logical counter out of range: " + logical);
            }
        }

        @Override
        public int compareTo(Timestamp o) {
            int c = Long.compare(physicalMillis, o.physicalMillis);
            return c != 0 ? c : Integer.compare(logical, o.logical);
        }
    }
}
