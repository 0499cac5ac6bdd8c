package io.granary.benchmark;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's command line, parsed and validated. Either {@link #external()} names a running
 * gateway and its HDFS (all four of {@code --endpoint}, {@code --access-key}, {@code --secret-key},
 * {@code --hdfs}), or the benchmark starts a local cloud of its own.
 *
 * @param sizeText the size as typed, to repeat in the reproduce line
 * @param data the data directory; null for a fresh one under {@code benchmark/target/}
 * @param external the running cloud to measure; null to start a local one
 */
record BenchmarkOptions(int objects, int size, String sizeText, int threads, int warmup, long seed, Path data,
        External external) {
    static final int DEFAULT_OBJECTS = 1000;
    static final String DEFAULT_SIZE = "64k";
    static final int DEFAULT_THREADS = 8;
    static final long DEFAULT_SEED = 1;
    /** Payload buffers are held per thread; this keeps them well inside the 1 GiB heap. */
    static final long MAX_BUFFERED_BYTES = 512 * ByteSize.MIB;

    static final String USAGE = """
            usage: benchmark [--objects N] [--size BYTES] [--threads K] [--warmup W] [--seed S] [--data DIR]
                             [--endpoint URL --access-key KEY --secret-key SECRET --hdfs hdfs://HOST:PORT]

              --objects N    objects to PUT then GET, and files to write then read (default 1000)
              --size BYTES   bytes per object; k, m, g suffixes are powers of 1024 (default 64k)
              --threads K    concurrent requests on each side (default 8)
              --warmup W     untimed write+read pairs on each side first (default N/10, at least
                             2 x threads, at most N)
              --seed S       seed of the deterministic payloads (default 1)
              --data DIR     the local cloud's data directory and the logs (default: a fresh one
                             under benchmark/target/, deleted afterwards except its logs)
              --endpoint …   measure a running gateway and the HDFS under it instead of starting a
                             local cloud; all four options are needed""";

    /** A gateway already running, and the HDFS that holds its bytes. */
    record External(URI endpoint, String accessKey, String secretKey, URI hdfs) {
        @Override
        public String toString() {
            return "External[endpoint=" + endpoint + ", accessKey=" + accessKey + ", hdfs=" + hdfs + "]";
        }
    }

    /** The command line was wrong; the message says how. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static final Set<String> NAMES = Set.of("objects", "size", "threads", "warmup", "seed", "data",
            "endpoint", "access-key", "secret-key", "hdfs");
    private static final List<String> EXTERNAL_NAMES = List.of("endpoint", "access-key", "secret-key", "hdfs");

    /**
     * The {@code --name value} and {@code --name=value} words of a command line, by name, for the
     * names in {@code known}; null if {@code --help} (or {@code -h}) was asked for.
     *
     * @throws UsageException if a word is unknown or given twice, or a value is missing
     */
    static Map<String, String> words(String[] args, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            if (word.equals("--help") || word.equals("-h")) {
                return null;
            }
            if (!word.startsWith("--")) {
                throw new UsageException("unexpected argument " + word);
            }
            String name = word.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(word + " needs a value");
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        return values;
    }

    /**
     * Parses {@code --name value} and {@code --name=value} words.
     *
     * @return null if {@code --help} was asked for
     * @throws UsageException if a word is unknown, a value is missing or invalid, or only some of the
     *     external cloud's options are given
     */
    static BenchmarkOptions parse(String[] args) {
        Map<String, String> values = words(args, NAMES);
        if (values == null) {
            return null;
        }

        int objects = positive("objects", values.getOrDefault("objects", String.valueOf(DEFAULT_OBJECTS)));
        String sizeText = values.getOrDefault("size", DEFAULT_SIZE);
        long size;
        try {
            size = ByteSize.parse(sizeText);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--size: " + e.getMessage());
        }
        if (size < 1 || size > Integer.MAX_VALUE - 8) {
            throw new UsageException("--size must be between 1 byte and 2 GiB, not " + sizeText);
        }
        int threads = positive("threads", values.getOrDefault("threads", String.valueOf(DEFAULT_THREADS)));
        if (threads * size > MAX_BUFFERED_BYTES) {
            throw new UsageException("--threads x --size must stay within " + ByteSize.format(MAX_BUFFERED_BYTES)
                    + " (each thread holds one payload); lower one of them");
        }
        int warmup = values.containsKey("warmup") ? nonNegative("warmup", values.get("warmup"))
                : defaultWarmup(objects, threads);
        long seed;
        try {
            seed = Long.parseLong(values.getOrDefault("seed", String.valueOf(DEFAULT_SEED)));
        } catch (NumberFormatException e) {
            throw new UsageException("--seed must be a whole number, not " + values.get("seed"));
        }
        Path data = values.containsKey("data") ? Path.of(values.get("data")).toAbsolutePath().normalize() : null;

        List<String> given = new ArrayList<>();
        for (String name : EXTERNAL_NAMES) {
            if (values.containsKey(name)) {
                given.add(name);
            }
        }
        External external = null;
        if (!given.isEmpty()) {
            if (given.size() != EXTERNAL_NAMES.size()) {
                List<String> missing = new ArrayList<>(EXTERNAL_NAMES);
                missing.removeAll(given);
                throw new UsageException("a running cloud needs --endpoint, --access-key, --secret-key and --hdfs;"
                        + " missing --" + String.join(", --", missing));
            }
            URI endpoint = uri("endpoint", values.get("endpoint"), "http", "https");
            URI hdfs = uri("hdfs", values.get("hdfs"), "hdfs");
            external = new External(endpoint, values.get("access-key"), values.get("secret-key"), hdfs);
        }
        return new BenchmarkOptions(objects, (int) size, sizeText, threads, warmup, seed, data, external);
    }

    /** The command that repeats this run (the secret key is not printed). */
    String reproduceCommand() {
        StringBuilder command = new StringBuilder("./scripts/benchmark")
                .append(" --objects ").append(objects)
                .append(" --size ").append(sizeText)
                .append(" --threads ").append(threads)
                .append(" --warmup ").append(warmup)
                .append(" --seed ").append(seed);
        if (data != null) {
            command.append(" --data ").append(data);
        }
        if (external != null) {
            command.append(" --endpoint ").append(external.endpoint())
                    .append(" --access-key ").append(external.accessKey())
                    .append(" --secret-key '<secret key>'")
                    .append(" --hdfs ").append(external.hdfs());
        }
        return command.toString();
    }

    /**
     * A tenth of the objects, at least two per thread, never more than the objects: enough for the
     * JIT to compile the request paths before the timed phases, few enough to stay a small part of a run.
     */
    static int defaultWarmup(int objects, int threads) {
        return Math.min(objects, Math.max(2 * threads, objects / 10));
    }

    private static int positive(String name, String text) {
        int value = integer(name, text);
        if (value < 1) {
            throw new UsageException("--" + name + " must be at least 1, not " + text);
        }
        return value;
    }

    private static int nonNegative(String name, String text) {
        int value = integer(name, text);
        if (value < 0) {
            throw new UsageException("--" + name + " must not be negative, not " + text);
        }
        return value;
    }

    private static int integer(String name, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not " + text);
        }
    }

    private static URI uri(String name, String text, String... schemes) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + name + " is not a URI: " + text);
        }
        if (uri.getScheme() == null || !List.of(schemes).contains(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageException("--" + name + " must be a " + String.join(" or ", schemes) + " URI with a host, not " + text);
        }
        return uri;
    }
}
