package io.granary.it;

import io.granary.block.volume.VolumeManager;
import io.granary.core.auth.AccessKey;
import io.granary.launcher.GranaryConfig;
import io.granary.launcher.GranaryServices;
import io.granary.launcher.local.StorageTierProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * The services of this test run, started once on the {@link SharedStorageTier} with their own
 * HDFS root and HBase namespace, and a user of their own; stopped before the tier at the end of the
 * run.
 */
public final class SharedCloud {
    private static GranaryServices services;
    private static AccessKey user;
    private static AccessKey admin;
    private static GranaryConfig config;

    private SharedCloud() {
    }

    /** Starts the services the first time it is called. */
    public static synchronized GranaryServices services() {
        if (services == null) {
            StorageTierProcess tier = SharedStorageTier.get();
            config = GranaryConfig.load(null)
                    .with(GranaryConfig.HDFS_URI, tier.hdfsUri())
                    .with(GranaryConfig.ZOOKEEPER_QUORUM, tier.zookeeperQuorum())
                    .with(GranaryConfig.HDFS_REPLICATION, "1")
                    .with(GranaryConfig.HDFS_LOCAL_READS, "true")
                    .with(GranaryConfig.S3_PORT, "0")
                    .with(GranaryConfig.NBD_PORT, "0").with(GranaryConfig.ADMIN_PORT, "0")
                    .with(GranaryConfig.HDFS_ROOT, "/granary-it")
                    .with(GranaryConfig.HBASE_NAMESPACE, "granaryit");
            try {
                services = GranaryServices.start(config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            user = services.credentials().ensureUserWithKey("it-user");
            admin = services.credentials().ensureUserWithKey(GranaryServices.ADMIN_USER);
        }
        return services;
    }

    public static URI endpoint() {
        return services().s3Endpoint();
    }

    /** The block server, {@code nbd://127.0.0.1:PORT}. */
    public static URI nbdEndpoint() {
        return services().nbdEndpoint();
    }

    /** The volumes the block server exports. */
    public static VolumeManager volumes() {
        return services().volumes();
    }

    /** The configuration the services were started with (to start another process on the same storage). */
    public static synchronized GranaryConfig config() {
        services();
        return config;
    }

    /** The admin API, {@code http://127.0.0.1:PORT}. */
    public static URI adminEndpoint() {
        return services().adminEndpoint();
    }

    /** An access key of the user the admin API accepts. */
    public static synchronized AccessKey adminKey() {
        services();
        return admin;
    }

    /** The access key of the test user. */
    public static synchronized AccessKey key() {
        services();
        return user;
    }

    static synchronized void stop() {
        if (services != null) {
            services.close();
            services = null;
        }
    }
}
