package io.granary.benchmark;

import java.util.Arrays;

/**
 * What one timed phase measured: how many operations of how many bytes each, the phase's wall-clock
 * time (first operation started to last one finished, all threads together) and the latency of
 * every operation. Immutable.
 */
final class PhaseResult {
    private final String name;
    private final long bytesPerOperation;
    private final long elapsedNanos;
    private final long[] sortedLatencies;
    private final long preparationNanos;

    /**
     * @param latencyNanos one latency per operation, in any order (copied)
     * @param preparationNanos worker time spent outside the timed requests (payload generation),
     *     summed over the threads
     */
    PhaseResult(String name, long bytesPerOperation, long elapsedNanos, long[] latencyNanos, long preparationNanos) {
        if (latencyNanos.length == 0) {
            throw new IllegalArgumentException("a phase without operations has no figures");
        }
        if (elapsedNanos <= 0) {
            throw new IllegalArgumentException("elapsed time must be positive: " + elapsedNanos);
        }
        this.name = name;
        this.bytesPerOperation = bytesPerOperation;
        this.elapsedNanos = elapsedNanos;
        this.sortedLatencies = latencyNanos.clone();
        Arrays.sort(sortedLatencies);
        this.preparationNanos = preparationNanos;
    }

    String name() {
        return name;
    }

    int operations() {
        return sortedLatencies.length;
    }

    double seconds() {
        return elapsedNanos / 1e9;
    }

    double operationsPerSecond() {
        return operations() / seconds();
    }

    /** Payload bytes moved per second, in MiB (2^20 bytes). */
    double mibPerSecond() {
        return (double) operations() * bytesPerOperation / ByteSize.MIB / seconds();
    }

    /** The {@code percent}-th percentile latency in milliseconds (nearest rank). */
    double percentileMillis(double percent) {
        return percentile(sortedLatencies, percent) / 1e6;
    }

    /** The mean latency in milliseconds. */
    double meanMillis() {
        double sum = 0;
        for (long latency : sortedLatencies) {
            sum += latency;
        }
        return sum / sortedLatencies.length / 1e6;
    }

    double maxMillis() {
        return sortedLatencies[sortedLatencies.length - 1] / 1e6;
    }

    double preparationSeconds() {
        return preparationNanos / 1e9;
    }

    /**
     * The nearest-rank percentile of ascending {@code sorted} values: the smallest value such that at
     * least {@code percent} % of the values are less than or equal to it. Percentile 0 is the
     * minimum, 100 the maximum.
     *
     * @throws IllegalArgumentException if there are no values or {@code percent} is outside [0, 100]
     */
    static long percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percentile outside [0, 100]: " + percent);
        }
        long rank = (long) Math.ceil(percent * sorted.length / 100);
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
