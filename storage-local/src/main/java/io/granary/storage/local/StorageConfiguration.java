package io.granary.storage.local;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hdfs.HdfsConfiguration;

/**
 * The server settings of the local tier, in one place: everything binds to 127.0.0.1, web UIs
 * are off or on ephemeral loopback ports, data lives under the data directory, and thread pools
 * are sized for a two-core development machine.
 */
final class StorageConfiguration {
    /** Every server binds here and registers this name, so loopback clients always connect. */
    static final String LOOPBACK = "127.0.0.1";
    /** Ephemeral port on loopback, for the ports no client needs to know in advance. */
    private static final String ANY_LOOPBACK_PORT = LOOPBACK + ":0";

    private StorageConfiguration() {
    }

    /** Settings for the NameNode and the DataNode. */
    static Configuration hdfs(Path hdfsDirectory, Path temporaryDirectory, int nameNodePort) {
        Configuration conf = new HdfsConfiguration();
        conf.set("hadoop.tmp.dir", temporaryDirectory.resolve("hadoop").toString());
        conf.set("fs.defaultFS", "hdfs://" + LOOPBACK + ":" + nameNodePort);
        conf.set("dfs.namenode.rpc-address", LOOPBACK + ":" + nameNodePort);
        conf.set("dfs.namenode.name.dir", hdfsDirectory.resolve("name").toUri().toString());
        conf.set("dfs.datanode.data.dir", hdfsDirectory.resolve("data").toUri().toString());
        // Hadoop 3.3 cannot start a NameNode or DataNode without their web servers: keep them
        // on ephemeral loopback ports. HTTPS stays off (the default policy is HTTP_ONLY).
        conf.set("dfs.namenode.http-address", ANY_LOOPBACK_PORT);
        conf.set("dfs.namenode.https-address", ANY_LOOPBACK_PORT);
        conf.set("dfs.namenode.secondary.http-address", ANY_LOOPBACK_PORT);
        conf.set("dfs.datanode.address", ANY_LOOPBACK_PORT);
        conf.set("dfs.datanode.ipc.address", ANY_LOOPBACK_PORT);
        conf.set("dfs.datanode.http.address", ANY_LOOPBACK_PORT);
        conf.set("dfs.datanode.https.address", ANY_LOOPBACK_PORT);
        // The DataNode's address as the NameNode hands it to clients.
        conf.set("dfs.datanode.hostname", LOOPBACK);
        conf.setBoolean("dfs.datanode.use.datanode.hostname", false);
        conf.setBoolean("dfs.client.use.datanode.hostname", false);

        // One DataNode: one replica, and no waiting in safe mode once it has reported.
        conf.setInt("dfs.replication", 1);
        conf.setInt("dfs.namenode.safemode.extension", 0);
        conf.setInt("dfs.namenode.safemode.min.datanodes", 1);
        conf.setBoolean("dfs.client.block.write.replace-datanode-on-failure.enable", false);
        conf.setInt("dfs.heartbeat.interval", 1);
        conf.setLong("dfs.blockreport.initialDelay", 0);

        // Small pools for two cores; enough for a handful of concurrent service threads.
        conf.setInt("dfs.namenode.handler.count", 8);
        conf.setInt("dfs.namenode.service.handler.count", 2);
        conf.setInt("dfs.namenode.lifeline.handler.count", 1);
        conf.setInt("dfs.datanode.handler.count", 3);
        // Services on this machine, run by the same user, may read block files directly (HDFS's
        // legacy short-circuit reads, which need no native library): see granary.hdfs.local.reads.
        conf.set("dfs.block.local-path-access.user", System.getProperty("user.name"));
        // The block scanner rereads every block in the background; nothing to gain on one disk.
        conf.setInt("dfs.datanode.scan.period.hours", -1);
        // Clients inside this JVM (HBase) keep their file systems open until we stop them in order.
        conf.setBoolean("fs.automatic.close", false);
        return conf;
    }

    /** Settings for the HBase master and region server, on top of the HDFS settings. */
    static Configuration hbase(Configuration hdfs, Path temporaryDirectory, int zookeeperPort) {
        Configuration conf = HBaseConfiguration.create(hdfs);
        conf.set("hbase.rootdir", hdfs.get("fs.defaultFS") + "/hbase");
        conf.set("hbase.tmp.dir", temporaryDirectory.resolve("hbase").toString());
        conf.setBoolean("hbase.cluster.distributed", false);
        conf.set("hbase.zookeeper.quorum", LOOPBACK);
        conf.setInt("hbase.zookeeper.property.clientPort", zookeeperPort);
        // Long enough for a busy two-core machine, short enough that a restart after a crash
        // does not wait long for the dead master's session to expire.
        conf.setInt("zookeeper.session.timeout", 15_000);

        // Clients find the master and region server through ZooKeeper: ephemeral ports,
        // loopback only, registered under 127.0.0.1 rather than the machine's host name.
        conf.setInt("hbase.master.port", 0);
        conf.setInt("hbase.regionserver.port", 0);
        conf.set("hbase.master.ipc.address", LOOPBACK);
        conf.set("hbase.regionserver.ipc.address", LOOPBACK);
        conf.set("hbase.master.hostname", LOOPBACK);
        conf.set("hbase.unsafe.regionserver.hostname", LOOPBACK);
        conf.setInt("hbase.master.info.port", -1);
        conf.setInt("hbase.regionserver.info.port", -1);
        conf.set("hbase.master.info.bindAddress", LOOPBACK);
        conf.set("hbase.regionserver.info.bindAddress", LOOPBACK);

        // Start as soon as the one region server has checked in.
        conf.setInt("hbase.master.wait.on.regionservers.mintostart", 1);
        conf.setInt("hbase.master.wait.on.regionservers.maxtostart", 1);
        conf.setInt("hbase.regionserver.msginterval", 1000);
        conf.setInt("hbase.master.start.timeout.localHBaseCluster", 120_000);
        conf.setInt("hbase.master.init.timeout.localHBaseCluster", 300_000);
        // After a crash, the dead region server's WALs are recovered before they are split; the
        // DataNode heartbeats every second, so there is no need for HBase's default 4 s first pause.
        conf.setInt("hbase.lease.recovery.first.pause", 1000);

        // Small pools for two cores.
        conf.setInt("hbase.regionserver.handler.count", 10);
        conf.setInt("hbase.regionserver.metahandler.count", 3);
        conf.setInt("hbase.regionserver.replication.handler.count", 1);
        conf.setInt("hbase.master.procedure.threads", 4);
        conf.setInt("hbase.snapshot.master.threads", 1);
        // Leave heap room for the NameNode, DataNode and master in the same JVM.
        conf.setFloat("hfile.block.cache.size", 0.2f);
        conf.setFloat("hbase.regionserver.global.memstore.size", 0.3f);
        return conf;
    }
}
