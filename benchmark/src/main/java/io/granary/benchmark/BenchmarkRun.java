package io.granary.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;

/** What every benchmark program does around its measurements: naming, logs, the machine, clean-up. */
final class BenchmarkRun {
    /** Share of the machine's CPU other processes may take during a measurement before the report warns. */
    private static final double OTHERS_WARNING = 0.05;

    private BenchmarkRun() {
    }

    /**
     * Warns on {@code out} if other processes or the hypervisor took more than 5% of the machine
     * during some {@code measurement} ("run", "phase"); {@code worst} is the largest such share.
     */
    static void warnIfDisturbed(PrintStream out, double worst, String measurement) {
        if (worst > OTHERS_WARNING) {
            out.printf(Locale.ROOT, "WARNING: other processes or the hypervisor took up to %.0f%% of the machine's CPU"
                    + " during a %s; these figures are disturbed. Run again on a quiet machine.%n", 100 * worst,
                    measurement);
        }
    }

    /** A benchmark's work, once its options are parsed. */
    @FunctionalInterface
    interface Body<O> {
        void execute(O options, Path home, PrintStream out) throws IOException, BenchmarkFailure;
    }

    /**
     * A benchmark program's main: parses the options ({@code parser} returns null for help),
     * runs {@code body} in the installation {@code granary.home} names, and turns failures into
     * messages. Exit status 0 with figures, 1 if the run failed, 2 for a wrong command line.
     *
     * @param name how messages name the program
     */
    static <O> int main(String name, String usage, String[] args, PrintStream out, PrintStream err,
            java.util.function.Function<String[], O> parser, Body<O> body) {
        O options;
        try {
            options = parser.apply(args);
        } catch (BenchmarkOptions.UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.println(usage);
            return 2;
        }
        if (options == null) {
            out.println(usage);
            return 0;
        }
        Path home = Path.of(System.getProperty("granary.home", ".")).toAbsolutePath().normalize();
        try {
            body.execute(options, home, out);
            return 0;
        } catch (BenchmarkFailure e) {
            out.flush();
            err.println(name + ": " + e.getMessage());
            if (!e.isVerificationFailure() && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            return 1;
        } catch (IOException | RuntimeException e) {
            out.flush();
            err.println(name + ": failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /** A name for this run, unique enough for bucket, directory and volume names: time and 16 random bits. */
    static String newId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))
                + "-" + HexFormat.of().toHexDigits((short) new SecureRandom().nextInt());
    }

    /** The given data directory, or a fresh one under {@code benchmark/target/} of the installation. */
    static Path dataDirectory(Path home, Path given) throws IOException {
        return given == null
                ? Files.createTempDirectory(Files.createDirectories(home.resolve("benchmark").resolve("target")), "run-")
                : Files.createDirectories(given);
    }

    /** Cores, memory, operating system and Java of this machine, on one line. */
    static String machine() {
        Runtime runtime = Runtime.getRuntime();
        String memory = "";
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = String.format(Locale.ROOT, ", %.1f GiB RAM", os.getTotalMemorySize() / (double) ByteSize.GIB);
        }
        return String.format(Locale.ROOT, "%d cores%s, %s %s %s, Java %s (%s), heap max %s",
                runtime.availableProcessors(), memory, System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                ByteSize.format(runtime.maxMemory() / ByteSize.MIB * ByteSize.MIB));
    }

    /**
     * Sends every log line to {@code file} (slf4j-simple reads this when the first logger is made,
     * so it must run before anything logs), and java.util.logging through slf4j.
     */
    static void logTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
    }

    /** Deletes a fresh data directory's storage (HDFS, HBase, ZooKeeper, credentials), keeping its logs. */
    static void deleteAllButLogs(Path data, PrintStream out) {
        Path logs = data.resolve("logs");
        try (Stream<Path> paths = Files.walk(data)) {
            paths.sorted(Comparator.reverseOrder())
                    .filter(path -> !path.equals(data) && !path.startsWith(logs))
                    .forEach(path -> {
                        try {
                            Files.delete(path);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            out.println("could not delete the storage files under " + data + ": " + e.getMessage());
        }
    }
}
