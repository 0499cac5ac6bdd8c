package io.granary.storage.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where clients reach a running tier: the HDFS URI ({@code fs.defaultFS}) and the ZooKeeper
 * quorum ({@code hbase.zookeeper.quorum} with its port). Announced on standard output as the
 * {@linkplain #readyLine() ready line} and written to {@value #FILE_NAME} in the data directory.
 *
 * @param hdfs for example {@code hdfs://127.0.0.1:40123}
 * @param zookeeper for example {@code 127.0.0.1:40125}
 */
record StorageEndpoints(String hdfs, String zookeeper) {
    /** The file in the data directory that holds the endpoints of the running (or last) tier. */
    public static final String FILE_NAME = "storage-endpoints.properties";
    /** The start of the one line printed on standard output once the tier serves requests. */
    public static final String READY_PREFIX = "STORAGE READY ";
    /** The line printed on standard output once the tier has shut down in order. */
    public static final String STOPPED_LINE = "STORAGE STOPPED";

    static StorageEndpoints of(StoragePorts ports) {
        return new StorageEndpoints("hdfs://127.0.0.1:" + ports.hdfs(), "127.0.0.1:" + ports.zookeeper());
    }

    /** {@code STORAGE READY hdfs=hdfs://127.0.0.1:PORT zk=127.0.0.1:PORT}. */
    public String readyLine() {
        return READY_PREFIX + "hdfs=" + hdfs + " zk=" + zookeeper;
    }

    void writeTo(Path dataDirectory) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("hdfs", hdfs);
        properties.setProperty("zk", zookeeper);
        AtomicFiles.write(dataDirectory.resolve(FILE_NAME),
                out -> properties.store(out, "Endpoints of the local storage tier"));
    }
}
