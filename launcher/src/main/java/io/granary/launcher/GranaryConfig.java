package io.granary.launcher;

import io.granary.hdfs.HdfsBlobStoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;

/**
 * The services' settings, read Hadoop-style from {@code granary-site.xml} in the configuration
 * directory, with defaults for everything. {@code granary local} overrides the storage endpoints
 * with those of its embedded tier.
 */
public final class GranaryConfig {
    public static final String SITE_FILE = "granary-site.xml";

    public static final String S3_HOST = "granary.s3.host";
    public static final String S3_PORT = "granary.s3.port";
    public static final String S3_DOMAIN = "granary.s3.domain";
    public static final String NBD_HOST = "granary.nbd.host";
    public static final String NBD_PORT = "granary.nbd.port";
    public static final String ADMIN_HOST = "granary.admin.host";
    public static final String ADMIN_PORT = "granary.admin.port";
    public static final String VOLUME_LEASE = "granary.volume.lease.seconds";
    public static final String VOLUME_COLLECTOR_INTERVAL = "granary.volume.collector.interval.seconds";
    public static final String VOLUME_COLLECTOR_DEAD_FRACTION = "granary.volume.collector.dead.fraction";
    public static final String REGION = "granary.region";
    public static final String ZONE_ID = "granary.zone.id";
    public static final String HDFS_URI = "granary.hdfs.uri";
    public static final String HDFS_ROOT = "granary.hdfs.root";
    public static final String HDFS_REPLICATION = "granary.hdfs.replication";
    public static final String HDFS_LOCAL_READS = "granary.hdfs.local.reads";
    public static final String ZOOKEEPER_QUORUM = "granary.hbase.zookeeper.quorum";
    public static final String HBASE_NAMESPACE = "granary.hbase.namespace";
    public static final String PACK_THRESHOLD = "granary.blobs.pack.threshold.bytes";
    public static final String PACK_MAX_SIZE = "granary.blobs.pack.max.bytes";
    public static final String CHUNK_SIZE = "granary.blobs.checksum.chunk.bytes";
    public static final String RELEASE_GRACE = "granary.blobs.release.grace.seconds";

    private final Configuration conf;

    private GranaryConfig(Configuration conf) {
        this.conf = conf;
    }

    /** Reads {@code dir/granary-site.xml} if it exists; the defaults stand for what it leaves out. */
    public static GranaryConfig load(Path dir) {
        Configuration conf = new Configuration(false);
        if (dir != null) {
            Path site = dir.resolve(SITE_FILE);
            if (Files.isRegularFile(site)) {
                conf.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
            }
        }
        return new GranaryConfig(conf);
    }

    /** A copy with one setting changed. */
    public GranaryConfig with(String name, String value) {
        Configuration copy = new Configuration(conf);
        copy.set(name, value);
        return new GranaryConfig(copy);
    }

    public String s3Host() {
        return conf.getTrimmed(S3_HOST, "127.0.0.1");
    }

    public int s3Port() {
        return conf.getInt(S3_PORT, 9000);
    }

    public String nbdHost() {
        return conf.getTrimmed(NBD_HOST, "127.0.0.1");
    }

    /** The block server's port: NBD's registered 10809 unless set; 0 picks a free one. */
    public int nbdPort() {
        return conf.getInt(NBD_PORT, 10809);
    }

    public String adminHost() {
        return conf.getTrimmed(ADMIN_HOST, "127.0.0.1");
    }

    /** The admin API's port: 9001 unless set; 0 picks a free one. */
    public int adminPort() {
        return conf.getInt(ADMIN_PORT, 9001);
    }

    /**
     * How long a volume's writer lease lasts unless renewed: after a crash, another process can
     * open the volume for writing once this has passed.
     */
    public Duration volumeLease() {
        long seconds = conf.getLong(VOLUME_LEASE, 30);
        if (seconds < 1) {
            throw new IllegalArgumentException(VOLUME_LEASE + " must be at least 1: " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * How often the background collector looks for volumes with dead space to reclaim (60 s unless
     * set), or empty if it is off ({@code 0}).
     */
    public Optional<Duration> volumeCollectorInterval() {
        long seconds = conf.getLong(VOLUME_COLLECTOR_INTERVAL, 60);
        if (seconds < 0) {
            throw new IllegalArgumentException(VOLUME_COLLECTOR_INTERVAL + " must be 0 (off) or more: " + seconds);
        }
        return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }

    /**
     * The share of a volume's stored bytes that must be dead (and at least one segment's worth)
     * before the background collector reclaims it: 0.25 unless set.
     */
    public double volumeCollectorDeadFraction() {
        double fraction = conf.getDouble(VOLUME_COLLECTOR_DEAD_FRACTION, 0.25);
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException(VOLUME_COLLECTOR_DEAD_FRACTION + " must be between 0 and 1: "
                    + fraction);
        }
        return fraction;
    }

    /**
     * The base domains of virtual-hosted-style requests ({@code bucket.domain}), from the
     * comma-separated {@code granary.s3.domain}; empty (the default) for path style only.
     */
    public List<String> s3Domains() {
        return List.copyOf(conf.getTrimmedStringCollection(S3_DOMAIN));
    }

    public String region() {
        return conf.getTrimmed(REGION, "us-east-1");
    }

    public int zoneId() {
        return conf.getInt(ZONE_ID, 1);
    }

    public String hdfsUri() {
        return required(HDFS_URI);
    }

    public String hdfsRoot() {
        return conf.getTrimmed(HDFS_ROOT, "/granary");
    }

    /**
     * The replication of the files the services write, or empty for the HDFS client's default
     * ({@code dfs.replication}, 3). The local cloud's one DataNode takes 1.
     */
    public OptionalInt hdfsReplication() {
        String value = conf.getTrimmed(HDFS_REPLICATION, "");
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        int replication = conf.getInt(HDFS_REPLICATION, 0);
        if (replication < 1 || replication > Short.MAX_VALUE) {
            throw new IllegalArgumentException(HDFS_REPLICATION + " must be a positive replication factor: " + value);
        }
        return OptionalInt.of(replication);
    }

    /**
     * Whether the services read blocks of a DataNode on their own machine straight from its disk
     * (HDFS's legacy short-circuit reads; the DataNode must list this user in
     * {@code dfs.block.local-path-access.user}). Off by default; the local cloud turns it on.
     */
    public boolean hdfsLocalReads() {
        return conf.getBoolean(HDFS_LOCAL_READS, false);
    }

    public String zookeeperQuorum() {
        return required(ZOOKEEPER_QUORUM);
    }

    public String hbaseNamespace() {
        return conf.getTrimmed(HBASE_NAMESPACE, "granary");
    }

    public HdfsBlobStoreConfig blobStore() {
        HdfsBlobStoreConfig defaults = HdfsBlobStoreConfig.defaults();
        return new HdfsBlobStoreConfig(
                conf.getInt(PACK_THRESHOLD, defaults.packThreshold()),
                conf.getLong(PACK_MAX_SIZE, defaults.maxPackSize()),
                conf.getInt(CHUNK_SIZE, defaults.chunkSize()),
                Duration.ofSeconds(conf.getLong(RELEASE_GRACE, defaults.releaseGrace().toSeconds())),
                defaults.purgeInterval(),
                defaults.openPacks());
    }

    private String required(String name) {
        String value = conf.getTrimmed(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is not set in " + SITE_FILE);
        }
        return value;
    }
}
