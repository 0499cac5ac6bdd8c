package io.granary.storage.local;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZKDatabase;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;

/**
 * A standalone ZooKeeper server in this JVM, listening on 127.0.0.1 only, with its snapshots and
 * transaction log under {@code DIR/zookeeper} so that HBase's znodes (the meta region's location
 * among them) survive a restart. Not thread-safe: started and stopped from one thread.
 *
 * <p>Sessions left in the snapshot by a previous run that crashed are expired at start-up: their
 * owners are certainly dead (this tier already holds the NameNode's storage lock on the same data
 * directory), and waiting for them to time out would keep the dead HBase master registered as
 * active, and the dead region server as alive, for a whole session timeout.
 */
final class EmbeddedZooKeeper implements AutoCloseable {
    private static final int TICK_MILLIS = 2000;
    private static final int MAX_CLIENT_CONNECTIONS = 200;

    private final FileTxnSnapLog storage;
    private final ServerCnxnFactory connections;

    private EmbeddedZooKeeper(FileTxnSnapLog storage, ServerCnxnFactory connections) {
        this.storage = storage;
        this.connections = connections;
    }

    private static final Duration EXPIRY_TIMEOUT = Duration.ofSeconds(30);

    /** Starts the server; it accepts clients when this returns. Fails if the port is taken. */
    static EmbeddedZooKeeper start(Path directory, int port)
            throws IOException, InterruptedException, TimeoutException {
        Files.createDirectories(directory);
        FileTxnSnapLog storage = new FileTxnSnapLog(directory.toFile(), directory.toFile());
        // -1: the default session bounds (2 to 20 ticks) and listen backlog.
        ZooKeeperServer server = new ZooKeeperServer(storage, TICK_MILLIS, -1, -1, -1, new ZKDatabase(storage), "");
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        ServerCnxnFactory connections;
        try {
            connections = ServerCnxnFactory.createFactory(address, MAX_CLIENT_CONNECTIONS);
        } catch (BindException e) {
            storage.close();
            throw new IOException("ZooKeeper cannot listen on " + address + " (port remembered in the data "
                    + "directory, or given with --zk-port): " + e.getMessage(), e);
        }
        try {
            connections.startup(server);
            expireSessionsOfPreviousRun(server);
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            connections.shutdown();
            storage.close();
            throw e;
        }
        return new EmbeddedZooKeeper(storage, connections);
    }

    private static void expireSessionsOfPreviousRun(ZooKeeperServer server)
            throws IOException, InterruptedException, TimeoutException {
        List<Long> stale = List.copyOf(server.getZKDatabase().getSessions());
        for (long session : stale) {
            server.expire(session);
        }
        // Expiry goes through the request pipeline, which also deletes the ephemeral znodes.
        Deadline.await("ZooKeeper to expire " + stale.size() + " sessions of a previous run", EXPIRY_TIMEOUT,
                () -> stale.stream().noneMatch(server.getZKDatabase().getSessions()::contains));
    }

    /** Closes every session, stops the server and closes its transaction log. */
    @Override
    public void close() throws IOException {
        connections.shutdown(); // also shuts the server down, which flushes the log
        storage.close();
    }
}
