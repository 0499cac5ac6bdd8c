package io.granary.launcher;

import io.granary.block.nbd.NbdServer;
import io.granary.block.nbd.NbdSettings;
import io.granary.block.volume.VolumeCollector;
import io.granary.block.volume.VolumeCollectorSettings;
import io.granary.block.volume.VolumeConfig;
import io.granary.block.volume.VolumeDeviceProvider;
import io.granary.block.volume.VolumeManager;
import io.granary.core.auth.CachingCredentialStore;
import io.granary.core.auth.Credentials;
import io.granary.core.store.ObjectService;
import io.granary.hdfs.HdfsBlobStore;
import io.granary.hdfs.HdfsClientSettings;
import io.granary.hdfs.block.HdfsSegmentStore;
import io.granary.launcher.admin.AdminAuthenticator;
import io.granary.launcher.admin.AdminServer;
import io.granary.launcher.admin.VolumeApi;
import io.granary.metadata.hbase.HBaseMetadata;
import io.granary.s3.GatewaySettings;
import io.granary.s3.S3Server;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of one Granary process wired to their storage: HBase metadata, HDFS data, the
 * object store over both and the S3 gateway in front; the block volumes (catalog in HBase,
 * segments in HDFS under {@code <granary.hdfs.root>/volumes}), their background collector and the
 * NBD server exporting them;
 * the admin API (volume operations), open to the keys of the user {@value #ADMIN_USER} only.
 * The same wiring serves the local cloud and a production deployment; only the endpoints differ.
 *
 * <p>{@link #start} either returns running services or fails having closed whatever it opened.
 * {@link #close()} stops the front ends first (admin API, gateway, NBD server), then the volume
 * collector (waiting for a collection under way), then the volume manager (which checkpoints the
 * open volumes), then the stores, so no request is cut off mid-write by a closed store.
 */
public final class GranaryServices implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(GranaryServices.class);

    /** The user whose access keys the admin API accepts; the local cloud creates it on its first start. */
    public static final String ADMIN_USER = "admin";

    /** The directory under {@code granary.hdfs.root} that holds the volumes' segment files. */
    static final String VOLUMES_DIRECTORY = "volumes";
    /** How long taking over a volume waits for HDFS to close the dead writer's segment. */
    static final Duration SEAL_TIMEOUT = Duration.ofMinutes(2);

    /** How long a revoked key may go on working on a gateway that already saw it. */
    static final Duration CREDENTIAL_CACHE_TIME = Duration.ofSeconds(10);

    private final Deque<Closeable> opened;
    private final S3Server s3;
    private final NbdServer nbd;
    private final String nbdHost;
    private final VolumeManager volumes;
    private final AdminServer admin;
    private final Credentials credentials;

    private GranaryServices(Deque<Closeable> opened, S3Server s3, NbdServer nbd, String nbdHost,
            VolumeManager volumes, AdminServer admin, Credentials credentials) {
        this.opened = opened;
        this.admin = admin;
        this.s3 = s3;
        this.nbd = nbd;
        this.nbdHost = nbdHost;
        this.volumes = volumes;
        this.credentials = credentials;
    }

    /** Connects to the storage tier named in {@code config} and starts the S3 gateway and the NBD server. */
    public static GranaryServices start(GranaryConfig config) throws IOException {
        Deque<Closeable> opened = new ArrayDeque<>();
        try {
            Clock clock = Clock.systemUTC();
            HBaseMetadata metadata = HBaseMetadata.connect(config.zookeeperQuorum(), config.hbaseNamespace());
            opened.push(metadata);
            FileSystem hdfs = FileSystem.newInstance(URI.create(config.hdfsUri()), hadoopConfiguration(config));
            opened.push(hdfs);
            HdfsBlobStore blobs = new HdfsBlobStore(hdfs, new Path(config.hdfsRoot()), config.blobStore(), clock);
            opened.push(blobs);
            HdfsSegmentStore segments = new HdfsSegmentStore(hdfs,
                    new Path(config.hdfsRoot(), VOLUMES_DIRECTORY), SEAL_TIMEOUT);
            opened.push(segments);
            VolumeConfig volumeConfig = VolumeConfig.defaults(processName()).withLeaseTerm(config.volumeLease());
            VolumeManager volumes = new VolumeManager(metadata.volumes(), segments, volumeConfig, clock);
            opened.push(volumes);
            Optional<Duration> collectorInterval = config.volumeCollectorInterval();
            if (collectorInterval.isPresent()) {
                VolumeCollector collector = new VolumeCollector(volumes, VolumeCollectorSettings.defaults(volumeConfig)
                        .withInterval(collectorInterval.get())
                        .withDeadFraction(config.volumeCollectorDeadFraction()));
                // Closed before the volume manager, waiting for a collection under way.
                opened.push(collector);
                collector.start();
            }
            ObjectService store = new ObjectService(metadata.catalog(), metadata.uploads(), blobs, clock,
                    config.zoneId());
            // Authentication reads a key and a user per request; a short cache saves those reads.
            CachingCredentialStore requestCredentials = new CachingCredentialStore(metadata.credentials(), clock,
                    CREDENTIAL_CACHE_TIME, 10_000);
            S3Server s3 = new S3Server(config.s3Host(), config.s3Port(),
                    new GatewaySettings(config.region(), config.s3Domains()), store, requestCredentials, clock);
            opened.push(s3);
            NbdServer nbd = new NbdServer(new VolumeDeviceProvider(volumes), config.nbdHost(), config.nbdPort(),
                    NbdSettings.defaults());
            opened.push(nbd);
            nbd.start();
            s3.start();
            AdminServer admin = new AdminServer(config.adminHost(), config.adminPort(),
                    new AdminAuthenticator(metadata.credentials(), ADMIN_USER, clock), new VolumeApi(volumes));
            opened.push(admin);
            admin.start();
            return new GranaryServices(opened, s3, nbd, config.nbdHost(), volumes, admin,
                    new Credentials(metadata.credentials(), clock));
        } catch (Exception e) {
            closeAll(opened);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("Granary services did not start: " + e.getMessage(), e);
        }
    }

    private static Configuration hadoopConfiguration(GranaryConfig config) {
        Configuration hadoop = new Configuration();
        hadoop.set("fs.defaultFS", config.hdfsUri());
        // Fail fast when the NameNode is down instead of retrying for minutes.
        hadoop.setInt("ipc.client.connect.max.retries", 3);
        hadoop.setInt("ipc.client.connect.max.retries.on.timeouts", 3);
        HdfsClientSettings.tune(hadoop);
        config.hdfsReplication().ifPresent(replication -> hadoop.setInt("dfs.replication", replication));
        if (config.hdfsLocalReads()) {
            // Blocks on this machine's DataNode are read from its disk directly instead of through
            // the DataNode's socket; the DataNode must allow this user (dfs.block.local-path-access.user).
            hadoop.setBoolean("dfs.client.read.shortcircuit", true);
            hadoop.setBoolean("dfs.client.use.legacy.blockreader.local", true);
        }
        return hadoop;
    }

    /**
     * Who this process is in volume leases, as a second writer that is refused sees it:
     * {@code host:pid}.
     */
    static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    /** The block server's address, {@code nbd://HOST:PORT}; a volume's export name is its name. */
    public URI nbdEndpoint() {
        return URI.create("nbd://" + (nbdHost.contains(":") ? "[" + nbdHost + "]" : nbdHost) + ":" + nbd.port());
    }

    /** The admin API, {@code http://HOST:PORT}. */
    public URI adminEndpoint() {
        return admin.endpoint();
    }

    /** The block volumes. */
    public VolumeManager volumes() {
        return volumes;
    }

    /** Users and access keys, for the admin commands and the first-start admin key. */
    public Credentials credentials() {
        return credentials;
    }

    @Override
    public void close() {
        closeAll(opened);
    }

    private static void closeAll(Deque<Closeable> opened) {
        while (!opened.isEmpty()) {
            Closeable next = opened.pop();
            try {
                next.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("closing {} failed", next.getClass().getSimpleName(), e);
            }
        }
    }
}
