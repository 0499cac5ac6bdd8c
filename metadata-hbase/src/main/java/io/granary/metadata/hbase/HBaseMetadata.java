package io.granary.metadata.hbase;

import io.granary.core.auth.CredentialStore;
import io.granary.core.block.VolumeCatalog;
import io.granary.core.spi.MetadataCatalog;
import io.granary.core.spi.UploadCatalog;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * Granary's metadata in HBase: buckets and object rows ({@link #catalog()}), multipart uploads
 * ({@link #uploads()}), users and access keys ({@link #credentials()}), block volumes
 * ({@link #volumes()}), in five tables of one namespace, over one shared HBase connection.
 *
 * <p>Connecting creates the namespace and tables if they are missing; that is idempotent and safe
 * when several processes start at once. The client fails an operation within seconds when the
 * cluster is unreachable instead of retrying for minutes (the settings are listed on
 * {@link #connect(Map, String)}); every failure surfaces as an
 * {@link io.granary.core.StoreException} with {@link io.granary.core.StoreError#UNAVAILABLE}
 * (unreachable, timed out, regions unavailable) or {@link io.granary.core.StoreError#INTERNAL}
 * (refused requests, rows that do not decode), never as an HBase type.
 *
 * <p>Thread-safe. The catalogs and the credential store are views: closing them does nothing, and
 * {@link #close()} closes the connection under them.
 */
public final class HBaseMetadata implements Closeable {
    /** The namespace used when none is given. */
    public static final String DEFAULT_NAMESPACE = "granary";

    private static final String QUORUM = "hbase.zookeeper.quorum";

    private final Connection connection;
    private final Schema schema;
    private final HBaseCatalog catalog;
    private final HBaseUploadCatalog uploads;
    private final HBaseCredentialStore credentials;
    private final HBaseVolumeCatalog volumes;

    private HBaseMetadata(Connection connection, Schema schema) {
        this.connection = connection;
        this.schema = schema;
        this.catalog = new HBaseCatalog(connection, schema);
        this.uploads = new HBaseUploadCatalog(connection, schema);
        this.credentials = new HBaseCredentialStore(connection, schema);
        this.volumes = new HBaseVolumeCatalog(connection, schema);
    }

    /** Connects to the cluster whose ZooKeeper is {@code zookeeperQuorum}, in namespace {@value #DEFAULT_NAMESPACE}. */
    public static HBaseMetadata connect(String zookeeperQuorum) {
        return connect(zookeeperQuorum, DEFAULT_NAMESPACE);
    }

    /**
     * Connects to the cluster whose ZooKeeper is {@code zookeeperQuorum}.
     *
     * @param zookeeperQuorum {@code host:port[,host:port...]}
     * @param namespace the HBase namespace of the tables: letters, digits and underscores
     */
    public static HBaseMetadata connect(String zookeeperQuorum, String namespace) {
        Objects.requireNonNull(zookeeperQuorum, "zookeeperQuorum");
        return connect(Map.of(QUORUM, zookeeperQuorum), namespace);
    }

    /**
     * Connects with HBase client settings ({@code hbase.*}, {@code zookeeper.*}), which must name
     * the cluster ({@code hbase.zookeeper.quorum}, or {@code hbase.client.bootstrap.servers} with
     * the RPC registry). Settings not given take these values, chosen to fail in seconds when the
     * cluster is down, where HBase's own defaults retry for up to 20 minutes:
     *
     * <ul>
     *   <li>{@code hbase.client.retries.number=5}, {@code hbase.client.pause=100}: about 2 s of
     *       back-off (100 ms growing to 1 s) before an operation gives up, enough for a region to
     *       move;
     *   <li>{@code hbase.client.operation.timeout=20000},
     *       {@code hbase.client.meta.operation.timeout=20000}: one operation, retries included;
     *   <li>{@code hbase.rpc.timeout=10000}, {@code hbase.rpc.shortoperation.timeout=5000},
     *       {@code hbase.client.scanner.timeout.period=20000}: one call;
     *   <li>{@code hbase.ipc.client.socket.timeout.connect=3000}: a dead RegionServer is noticed
     *       in 3 s;
     *   <li>{@code zookeeper.session.timeout=10000}, {@code zookeeper.recovery.retry=0}: a
     *       ZooKeeper lookup is not retried on its own (HBase's retries above cover it), so an
     *       unreachable ZooKeeper fails a connect in about 8 s instead of minutes;
     *   <li>{@code hbase.client.sync.wait.timeout.msec=60000}: creating the tables at connect.
     * </ul>
     *
     * @throws io.granary.core.StoreException if the cluster cannot be reached or the tables
     *     cannot be made ready
     * @throws IllegalArgumentException if {@code namespace} is not a valid HBase namespace name
     */
    public static HBaseMetadata connect(Map<String, String> settings, String namespace) {
        Schema schema = new Schema(namespace);
        Configuration configuration = ClientSettings.configuration(settings);
        Duration wait = Duration.ofMillis(configuration.getLong("hbase.client.sync.wait.timeout.msec", 60_000));
        Connection connection = HBaseErrors.call("Connect", () -> ConnectionFactory.createConnection(configuration));
        try {
            HBaseErrors.call("Connect", () -> {
                try (Admin admin = connection.getAdmin()) {
                    schema.ensure(admin, wait);
                }
                return null;
            });
        } catch (RuntimeException e) {
            closeQuietly(connection, e);
            throw e;
        }
        return new HBaseMetadata(connection, schema);
    }

    /** Buckets and object rows; thread-safe, shares this connection. */
    public MetadataCatalog catalog() {
        return catalog;
    }

    /** Multipart uploads and their parts; thread-safe, shares this connection. */
    public UploadCatalog uploads() {
        return uploads;
    }

    /** Users and access keys; thread-safe, shares this connection. */
    public CredentialStore credentials() {
        return credentials;
    }

    /** Block volumes, snapshots, checkpoints and leases; thread-safe, shares this connection. */
    public VolumeCatalog volumes() {
        return volumes;
    }

    /** The HBase namespace of the tables. */
    public String namespace() {
        return schema.namespace();
    }

    /** Closes the connection; the catalog and credential store fail from then on. Idempotent. */
    @Override
    public void close() {
        HBaseErrors.call("Close", () -> {
            connection.close();
            return null;
        });
    }

    private static void closeQuietly(Connection connection, RuntimeException failure) {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
