package io.granary.storage.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.LocalHBaseCluster;
import org.apache.hadoop.hbase.master.HMaster;
import org.apache.hadoop.hbase.regionserver.HRegionServer;

/**
 * One HBase master and one region server in this JVM (HBase's own standalone-mode cluster), with
 * their data on the tier's HDFS and their coordination in its ZooKeeper. Started and stopped from
 * one thread at a time; {@link #awaitServerExit} may wait on another thread meanwhile.
 */
final class EmbeddedHBase implements AutoCloseable {
    private static final long SUPERVISION_POLL_MILLIS = 1000;

    private final LocalHBaseCluster cluster;

    private EmbeddedHBase(LocalHBaseCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts both servers and returns once the master is initialized (meta is online). */
    static EmbeddedHBase start(Configuration conf) throws IOException {
        LocalHBaseCluster cluster = new LocalHBaseCluster(conf, 1, 1, HMaster.class, HRegionServer.class);
        EmbeddedHBase hbase = new EmbeddedHBase(cluster);
        try {
            cluster.startup();
        } catch (IOException | RuntimeException e) {
            hbase.close();
            throw e;
        }
        return hbase;
    }

    /** Returns once the master or the region server has stopped, for whatever reason. */
    void awaitServerExit() throws InterruptedException {
        List<Thread> servers = new ArrayList<>();
        servers.addAll(cluster.getMasters());
        servers.addAll(cluster.getRegionServers());
        while (servers.stream().allMatch(Thread::isAlive)) {
            servers.get(0).join(SUPERVISION_POLL_MILLIS);
        }
    }

    /**
     * Shuts the cluster down in order: the region server flushes and closes its regions, then the
     * master stops; both leave their state on HDFS for the next start.
     */
    @Override
    public void close() {
        cluster.shutdown();
        cluster.join();
    }
}
