package io.granary.benchmark;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints phase figures and gateway/HDFS ratios as fixed-width tables. */
final class Report {
    private Report() {
    }

    static void phases(PrintStream out, List<PhaseResult> phases) {
        out.printf(Locale.ROOT, "%-20s %6s %8s %8s %8s %8s %8s %8s %8s %8s%n",
                "phase", "ops", "seconds", "ops/s", "MiB/s", "mean ms", "p50 ms", "p90 ms", "p99 ms", "max ms");
        for (PhaseResult phase : phases) {
            out.printf(Locale.ROOT, "%-20s %6d %8.2f %8.1f %8.2f %8.1f %8.1f %8.1f %8.1f %8.1f%n",
                    phase.name(), phase.operations(), phase.seconds(), phase.operationsPerSecond(),
                    phase.mibPerSecond(), phase.meanMillis(), phase.percentileMillis(50), phase.percentileMillis(90),
                    phase.percentileMillis(99), phase.maxMillis());
        }
    }

    /**
     * One row per pair: throughput ratios (above 1: the gateway is faster) and latency ratios
     * (above 1: the gateway is slower).
     */
    static void ratios(PrintStream out, List<PhaseResult[]> pairs) {
        out.printf(Locale.ROOT, "%-40s %8s %8s %8s %8s%n", "gateway / HDFS", "ops/s", "MiB/s", "p50", "p99");
        for (PhaseResult[] pair : pairs) {
            PhaseResult gateway = pair[0];
            PhaseResult hdfs = pair[1];
            out.printf(Locale.ROOT, "%-40s %8.2f %8.2f %8.2f %8.2f%n",
                    gateway.name() + " / " + hdfs.name(),
                    gateway.operationsPerSecond() / hdfs.operationsPerSecond(),
                    gateway.mibPerSecond() / hdfs.mibPerSecond(),
                    gateway.percentileMillis(50) / hdfs.percentileMillis(50),
                    gateway.percentileMillis(99) / hdfs.percentileMillis(99));
        }
    }
}
