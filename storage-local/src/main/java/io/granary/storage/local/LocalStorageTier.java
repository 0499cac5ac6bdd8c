package io.granary.storage.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded development storage tier: HDFS (one NameNode, one DataNode), ZooKeeper and HBase
 * (one master, one region server) in this one JVM, with every byte of state under one data
 * directory, serving clients on 127.0.0.1 only.
 *
 * <p>Usage: {@code LocalStorageTier --data DIR [--hdfs-port N] [--zk-port N] [--exit-with-parent]}.
 *
 * <p>Contract with the process that starts it:
 * <ul>
 *   <li>Once HDFS has left safe mode, the HBase master is initialized and a table can be written
 *       and read, exactly one line is printed on standard output,
 *       {@code STORAGE READY hdfs=hdfs://127.0.0.1:PORT zk=127.0.0.1:PORT}, and the same endpoints
 *       are written to {@code DIR/storage-endpoints.properties} (keys {@code hdfs}, {@code zk}).
 *   <li>The two ports are chosen on the first start and kept in
 *       {@code DIR/storage-ports.properties}; every later start on the same directory reuses
 *       them (or those given on the command line, which are then remembered).
 *   <li>The first start formats HDFS; later starts keep every HDFS file and every HBase table.
 *   <li>SIGTERM or SIGINT, or end of file on standard input with {@code --exit-with-parent},
 *       stops HBase, then ZooKeeper, then HDFS, prints {@code STORAGE STOPPED} and exits with
 *       status 0. Other ways to end the JVM skip the orderly stop; HBase's write-ahead log and
 *       the NameNode's edit log still make every acknowledged write survive.
 *   <li>All logging goes to {@code DIR/logs/storage.log}. If start-up fails, one message goes
 *       to standard error and the process exits with status 1 (2 for a bad command line).
 *       If the HBase master or region server dies later, the tier stops and exits with status 1.
 * </ul>
 */
public final class LocalStorageTier {
    private final StorageOptions options;
    private final StorageLogging.Console console;
    // Created after StorageLogging.install, so that reload4j reads our configuration.
    private final Logger log = LoggerFactory.getLogger(LocalStorageTier.class);

    // Guarded by this: start-up steps and stop take turns, so a SIGTERM during start-up waits
    // for the current step and then stops what is running, in order.
    private EmbeddedHdfs hdfs;
    private EmbeddedZooKeeper zookeeper;
    private EmbeddedHBase hbase;
    private boolean stopping;

    private LocalStorageTier(StorageOptions options, StorageLogging.Console console) {
        this.options = options;
        this.console = console;
    }

    public static void main(String[] arguments) {
        StorageOptions options;
        StorageLogging.Console console;
        try {
            options = StorageOptions.parse(arguments);
            // Jetty and Hadoop put scratch files under java.io.tmpdir; keep them in the data
            // directory, where a crash does not strand them in /tmp. Read lazily, so this is early enough.
            System.setProperty("java.io.tmpdir",
                    Files.createDirectories(options.dataDirectory().resolve("tmp").resolve("java")).toString());
            console = StorageLogging.install(options.dataDirectory());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new LocalStorageTier(options, console).run();
    }

    private void run() {
        try {
            TerminationSignals.onTermination(() -> stopAndExit(0));
            if (options.exitWithParent()) {
                Thread watcher = new Thread(this::stopAtEndOfInput, "storage-parent-watcher");
                watcher.setDaemon(true);
                watcher.start();
            }
            StorageEndpoints endpoints = start();
            console.announce(endpoints.readyLine());
        } catch (CancellationException e) {
            return; // a stop request came first; its thread finishes the job
        } catch (Exception | Error e) {
            if (isStopping()) {
                log.info("Start-up ended by a stop request", e);
                return;
            }
            log.error("The storage tier failed to start", e);
            console.error().println("storage tier failed to start: " + e + " (log: "
                    + options.dataDirectory().resolve("logs").resolve(StorageLogging.LOG_FILE) + ")");
            stopAndExit(1);
            return;
        }
        superviseHBase();
    }

    private StorageEndpoints start() throws Exception {
        Path data = Files.createDirectories(options.dataDirectory());
        Path temporary = data.resolve("tmp");
        StoragePorts ports = StoragePorts.resolve(options);
        StorageEndpoints endpoints = StorageEndpoints.of(ports);
        log.info("Starting the local storage tier in {} (HDFS port {}, ZooKeeper port {})",
                data, ports.hdfs(), ports.zookeeper());
        // NameNode, DataNode and HBase register the same metrics sources in this one JVM.
        DefaultMetricsSystem.setMiniClusterMode(true);

        Configuration hdfsConf = StorageConfiguration.hdfs(data.resolve("hdfs"), temporary, ports.hdfs());
        synchronized (this) {
            checkNotStopping();
            hdfs = EmbeddedHdfs.start(hdfsConf, data.resolve("hdfs"));
        }
        log.info("HDFS is up at {}", endpoints.hdfs());
        synchronized (this) {
            checkNotStopping();
            zookeeper = EmbeddedZooKeeper.start(data.resolve("zookeeper"), ports.zookeeper());
        }
        log.info("ZooKeeper is up at {}", endpoints.zookeeper());
        Configuration hbaseConf = StorageConfiguration.hbase(hdfsConf, temporary, ports.zookeeper());
        synchronized (this) {
            checkNotStopping();
            hbase = EmbeddedHBase.start(hbaseConf);
        }
        log.info("HBase master is initialized; probing table service");
        ReadinessProbe.verify(hbaseConf);
        endpoints.writeTo(data);
        log.info("The local storage tier is ready: {}", endpoints.readyLine());
        return endpoints;
    }

    private synchronized boolean isStopping() {
        return stopping;
    }

    private void checkNotStopping() {
        if (stopping) {
            throw new CancellationException("stopping");
        }
    }

    /**
     * Runs on the main thread for the life of the tier: with one master and one region server,
     * losing either means HBase is down, so the tier stops rather than linger half alive.
     */
    private void superviseHBase() {
        EmbeddedHBase running;
        synchronized (this) {
            running = hbase;
        }
        try {
            running.awaitServerExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (isStopping()) {
            return;
        }
        log.error("An HBase server stopped on its own; stopping the storage tier");
        stopAndExit(1);
    }

    /** With --exit-with-parent: our parent holds the other end of standard input. */
    private void stopAtEndOfInput() {
        byte[] buffer = new byte[256];
        try (InputStream in = System.in) {
            while (in.read(buffer) >= 0) {
                // Input carries no commands; only its end matters.
            }
            log.info("Standard input closed: the parent process is gone");
        } catch (IOException e) {
            log.warn("Standard input failed; treating it as the parent going away", e);
        }
        stopAndExit(0);
    }

    /**
     * Stops HBase first (it writes to the other two), then ZooKeeper, then HDFS, and ends the
     * process. The first caller does the work; later callers wait for it.
     */
    private void stopAndExit(int status) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            log.info("Stopping the local storage tier");
            if (hbase != null) {
                stopQuietly("HBase", hbase::close);
            }
            if (zookeeper != null) {
                stopQuietly("ZooKeeper", zookeeper::close);
            }
            if (hdfs != null) {
                stopQuietly("HDFS", hdfs::close);
            }
            log.info("The local storage tier has stopped");
        }
        if (status == 0) {
            console.announce(StorageEndpoints.STOPPED_LINE);
        }
        System.exit(status);
    }

    private interface Step {
        void run() throws Exception;
    }

    private void stopQuietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception | Error e) {
            log.error("Stopping {} failed", what, e);
        }
    }
}
