package io.granary.storage.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The two ports clients keep in their saved endpoints: the NameNode RPC port and the ZooKeeper
 * client port. Chosen once, when a data directory is first used, and remembered in
 * {@value #FILE_NAME} so that every later start answers on the same endpoints. Every other port
 * of the tier (DataNode, HBase RPC) is ephemeral because clients discover it through the
 * NameNode or ZooKeeper.
 */
record StoragePorts(int hdfs, int zookeeper) {
    static final String FILE_NAME = "storage-ports.properties";
    private static final String HDFS_KEY = "hdfs.port";
    private static final String ZOOKEEPER_KEY = "zk.port";

    /**
     * The ports for this start: those given on the command line, else the remembered ones, else
     * free ports picked now. The result is remembered before it is returned.
     */
    static StoragePorts resolve(StorageOptions options) throws IOException {
        Path file = options.dataDirectory().resolve(FILE_NAME);
        Properties remembered = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                remembered.load(in);
            }
        }
        int hdfs = options.hdfsPort().orElseGet(() -> rememberedOrFree(remembered, HDFS_KEY));
        int zookeeper = options.zookeeperPort().orElseGet(() -> rememberedOrFree(remembered, ZOOKEEPER_KEY));
        while (hdfs == zookeeper && options.zookeeperPort().isEmpty() && remembered.getProperty(ZOOKEEPER_KEY) == null) {
            zookeeper = freeLoopbackPort(); // the system handed out the same free port twice
        }
        if (hdfs == zookeeper) {
            throw new IllegalArgumentException("HDFS and ZooKeeper cannot share port " + hdfs);
        }
        StoragePorts ports = new StoragePorts(hdfs, zookeeper);
        ports.remember(file);
        return ports;
    }

    private static int rememberedOrFree(Properties remembered, String key) {
        String value = remembered.getProperty(key);
        return value != null ? Integer.parseInt(value.trim()) : freeLoopbackPort();
    }

    /** A port nothing listens on right now; another process could still take it before we do. */
    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    private void remember(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty(HDFS_KEY, Integer.toString(hdfs));
        properties.setProperty(ZOOKEEPER_KEY, Integer.toString(zookeeper));
        AtomicFiles.write(file, out -> properties.store(out,
                "Ports of the local storage tier, reused on every start so saved endpoints keep working"));
    }
}
