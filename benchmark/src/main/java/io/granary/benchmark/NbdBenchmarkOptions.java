package io.granary.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The block benchmark's command line ({@code ./scripts/benchmark nbd …}), parsed and validated.
 *
 * @param size bytes of the volume and of the raw file
 * @param sizeText the size as typed, to repeat in the reproduce line
 * @param runtime seconds each timed fio job runs after its ramp time
 * @param jobs the fio jobs, in the order they run
 * @param data the local cloud's data directory; null for a fresh one under {@code benchmark/target/}
 */
record NbdBenchmarkOptions(long size, String sizeText, int runtime, List<FioJob> jobs, Path data) {
    static final String DEFAULT_SIZE = "1g";
    static final int DEFAULT_RUNTIME = 20;
    /** Smaller than one 1 MiB request of the sequential jobs makes no sense. */
    static final long MIN_SIZE = ByteSize.MIB;

    static final String USAGE = """
            usage: benchmark nbd [--size BYTES] [--runtime SECONDS] [--jobs JOB,…] [--data DIR]

              --size BYTES       size of the volume and of qemu-nbd's raw file; k, m, g suffixes are
                                 powers of 1024, whole MiB (default 1g)
              --runtime SECONDS  seconds each fio job is timed, after a 2 s ramp (default 20)
              --jobs JOB,…       among randread (4k), randwrite (4k), read (1M), write (1M), in
                                 this order (default all four)
              --data DIR         the local cloud's data directory, the raw file and the logs
                                 (default: a fresh one under benchmark/target/, deleted afterwards
                                 except its logs)""";

    private static final Set<String> NAMES = Set.of("size", "runtime", "jobs", "data");

    /**
     * Parses {@code --name value} and {@code --name=value} words.
     *
     * @return null if {@code --help} was asked for
     * @throws BenchmarkOptions.UsageException if a word is unknown or given twice, or a value is
     *     missing or invalid
     */
    static NbdBenchmarkOptions parse(String[] args) {
        Map<String, String> values = BenchmarkOptions.words(args, NAMES);
        if (values == null) {
            return null;
        }

        String sizeText = values.getOrDefault("size", DEFAULT_SIZE);
        long size;
        try {
            size = ByteSize.parse(sizeText);
        } catch (IllegalArgumentException e) {
            throw new BenchmarkOptions.UsageException("--size: " + e.getMessage());
        }
        if (size < MIN_SIZE || size % ByteSize.MIB != 0) {
            throw new BenchmarkOptions.UsageException("--size must be a whole number of MiB, at least 1m, not "
                    + sizeText);
        }
        String runtimeText = values.getOrDefault("runtime", String.valueOf(DEFAULT_RUNTIME));
        int runtime;
        try {
            runtime = Integer.parseInt(runtimeText.trim());
        } catch (NumberFormatException e) {
            throw new BenchmarkOptions.UsageException("--runtime must be a whole number of seconds, not " + runtimeText);
        }
        if (runtime < 1) {
            throw new BenchmarkOptions.UsageException("--runtime must be at least 1, not " + runtimeText);
        }
        List<FioJob> jobs = new ArrayList<>();
        if (values.containsKey("jobs")) {
            for (String name : values.get("jobs").split(",", -1)) {
                FioJob job;
                try {
                    job = FioJob.named(name);
                } catch (IllegalArgumentException e) {
                    throw new BenchmarkOptions.UsageException("--jobs: " + e.getMessage());
                }
                if (jobs.contains(job)) {
                    throw new BenchmarkOptions.UsageException("--jobs names " + job.rw() + " twice");
                }
                jobs.add(job);
            }
        } else {
            jobs.addAll(List.of(FioJob.values()));
        }
        Path data = values.containsKey("data") ? Path.of(values.get("data")).toAbsolutePath().normalize() : null;
        return new NbdBenchmarkOptions(size, sizeText, runtime, List.copyOf(jobs), data);
    }

    /** The command that repeats this run. */
    String reproduceCommand() {
        StringBuilder command = new StringBuilder("./scripts/benchmark nbd")
                .append(" --size ").append(sizeText)
                .append(" --runtime ").append(runtime)
                .append(" --jobs ").append(jobs.stream().map(FioJob::rw).collect(Collectors.joining(",")));
        if (data != null) {
            command.append(" --data ").append(data);
        }
        return command.toString();
    }
}
