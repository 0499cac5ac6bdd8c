package io.granary.launcher.local;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded development storage tier (HDFS, ZooKeeper, HBase) running in a child JVM started
 * from a Granary build, so that its server jars never meet the services' classpath.
 *
 * <p>{@link #start} runs {@code io.granary.storage.local.LocalStorageTier} with the current JVM's
 * {@code java}, the JVM options in {@code storage-local/target/classes/storage-jvm.options} and
 * the classpath {@code storage-local/target/classes} plus
 * {@code storage-local/target/classpath.txt}, and returns once the child has announced that it is
 * ready. The data directory keeps everything the tier stores; starting again on the same
 * directory brings every file and table back on the same two ports.
 *
 * <p>The child's standard input is a pipe that this object keeps open and never writes: when this
 * JVM dies, however it dies, the operating system closes the pipe and the child stops itself in
 * order. The child logs to {@code DATA/logs/storage.log}; its standard error goes to
 * {@code DATA/logs/storage-stderr.log}.
 *
 * <p>Threads: {@code start} blocks the caller until the tier is ready or has failed. A daemon
 * thread reads the child's standard output for its lifetime. The accessors may be called from any
 * thread. {@link #close} may be called from any thread, any number of times; it blocks until the
 * child has exited.
 *
 * <p>Failures: {@code start} throws {@link IOException} if the build is missing, if the child
 * exits or the timeout passes before it is ready (the child is then killed and the message ends
 * with the tail of its logs), or, as {@link InterruptedIOException}, if the caller is interrupted.
 * {@code close} does not throw: a child that ignores SIGTERM for {@value #STOP_SECONDS} seconds is
 * killed.
 */
public final class StorageTierProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageTierProcess.class);

    /** How long {@link #close} waits for an orderly stop before it kills the child. */
    public static final int STOP_SECONDS = 60;
    // The child's contract, spelled out here because its classes are not on this classpath.
    private static final String MAIN_CLASS = "io.granary.storage.local.LocalStorageTier";
    private static final String READY_PREFIX = "STORAGE READY ";
    private static final int LOG_TAIL_LINES = 40;

    private final Process process;
    private final String hdfsUri;
    private final String zookeeperQuorum;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StorageTierProcess(Process process, String hdfsUri, String zookeeperQuorum) {
        this.process = process;
        this.hdfsUri = hdfsUri;
        this.zookeeperQuorum = zookeeperQuorum;
    }

    /**
     * Starts the storage tier on {@code dataDir} and waits until it serves requests.
     *
     * @param granaryHome the root of a Granary checkout in which {@code storage-local} is built
     * @param dataDir where the tier keeps its data; created if missing
     * @param timeout how long to wait for the tier to become ready
     */
    public static StorageTierProcess start(Path granaryHome, Path dataDir, Duration timeout) throws IOException {
        Path data = Files.createDirectories(dataDir.toAbsolutePath().normalize());
        Path logs = Files.createDirectories(data.resolve("logs"));
        ProcessBuilder builder = new ProcessBuilder(command(granaryHome.toAbsolutePath().normalize(), data))
                .directory(data.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("storage-stderr.log").toFile()));
        long started = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<String> readyLine = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, readyLine), "storage-tier-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            Endpoints endpoints = Endpoints.parse(readyLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            LOG.info("Storage tier (pid {}) ready in {} ms: hdfs={} zk={}", process.pid(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), endpoints.hdfs, endpoints.zookeeper);
            return new StorageTierProcess(process, endpoints.hdfs, endpoints.zookeeper);
        } catch (TimeoutException e) {
            kill(process);
            throw new IOException("the storage tier was not ready within " + timeout.toSeconds() + " s"
                    + tails(logs), e);
        } catch (ExecutionException e) {
            String exit = exitDescription(process);
            kill(process);
            throw new IOException("the storage tier stopped before it was ready (" + exit + ")" + tails(logs),
                    e.getCause());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while the storage tier started");
            interrupted.initCause(e);
            throw interrupted;
        } catch (IOException | RuntimeException e) {
            kill(process);
            throw e;
        }
    }

    /** The HDFS URI clients use as {@code fs.defaultFS}, like {@code hdfs://127.0.0.1:40123}. */
    public String hdfsUri() {
        return hdfsUri;
    }

    /** The ZooKeeper quorum with its port, like {@code 127.0.0.1:40125}, for the HBase client. */
    public String zookeeperQuorum() {
        return zookeeperQuorum;
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** True until the child has exited. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Asks the tier to stop in order (SIGTERM) and waits up to {@value #STOP_SECONDS} seconds for
     * it to exit, then kills it. Idempotent; callers after the first return at once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        process.destroy();
        try {
            if (process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                LOG.info("Storage tier (pid {}) stopped with status {}", process.pid(), process.exitValue());
                return;
            }
            LOG.warn("Storage tier (pid {}) did not stop within {} s; killing it", process.pid(), STOP_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while the storage tier (pid {}) stopped; killing it", process.pid());
        }
        kill(process);
    }

    private static List<String> command(Path home, Path data) throws IOException {
        Path module = home.resolve("storage-local").resolve("target");
        Path classes = module.resolve("classes");
        Path classpathFile = module.resolve("classpath.txt");
        Path options = classes.resolve("storage-jvm.options");
        for (Path required : List.of(classes.resolve(MAIN_CLASS.replace('.', '/') + ".class"), classpathFile, options)) {
            if (!Files.isRegularFile(required)) {
                throw new IOException("the storage tier is not built: " + required + " is missing (run `mvn -pl "
                        + "storage-local package` in " + home + ")");
            }
        }
        String dependencies = Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + options); // the java launcher expands the option file itself
        command.add("-cp");
        command.add(classes + File.pathSeparator + dependencies);
        command.add(MAIN_CLASS);
        command.add("--data");
        command.add(data.toString());
        command.add("--exit-with-parent");
        return command;
    }

    /** Runs on the reader thread until the child closes its standard output. */
    private static void readOutput(Process process, CompletableFuture<String> readyLine) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(READY_PREFIX) && !readyLine.isDone()) {
                    readyLine.complete(line);
                } else {
                    LOG.info("storage tier (pid {}): {}", process.pid(), line);
                }
            }
        } catch (IOException e) {
            // close() closes the stream under us; nothing more will come.
            LOG.debug("Standard output of the storage tier (pid {}) failed", process.pid(), e);
        }
        readyLine.completeExceptionally(new EOFException("the storage tier closed its standard output"));
    }

    private static String exitDescription(Process process) {
        try {
            // Output ends when the child exits; its status follows within moments.
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return "exit status " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "still running, but its output closed";
    }

    private static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tails(Path logs) {
        return LogTail.describe(logs.resolve("storage-stderr.log"), LOG_TAIL_LINES)
                + LogTail.describe(logs.resolve("storage.log"), LOG_TAIL_LINES);
    }

    /** The two endpoints in the ready line: {@code STORAGE READY hdfs=URI zk=HOST:PORT}. */
    private record Endpoints(String hdfs, String zookeeper) {
        static Endpoints parse(String line) throws IOException {
            String hdfs = null;
            String zookeeper = null;
            for (String field : line.substring(READY_PREFIX.length()).trim().split("\\s+")) {
                if (field.startsWith("hdfs=")) {
                    hdfs = field.substring("hdfs=".length());
                } else if (field.startsWith("zk=")) {
                    zookeeper = field.substring("zk=".length());
                }
            }
            if (hdfs == null || zookeeper == null) {
                throw new IOException("malformed ready line from the storage tier: " + line);
            }
            return new Endpoints(hdfs, zookeeper);
        }
    }
}
