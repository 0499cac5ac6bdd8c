package io.granary.metadata.hbase;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;

/**
 * The HBase client configuration: HBase's defaults, then {@link #DEFAULTS}, then the caller's
 * settings, which win. HBase's own defaults suit batch jobs (an operation may retry for 20
 * minutes); ours make an interactive service fail in seconds when the cluster is down, and still
 * ride out a region moving. {@link HBaseMetadata#connect(Map, String)} documents each value. Seen
 * here: a connect to a ZooKeeper port where nothing listens gives up after about 8 s.
 */
final class ClientSettings {
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("hbase.client.retries.number", "5"),
            Map.entry("hbase.client.pause", "100"),
            Map.entry("hbase.client.operation.timeout", "20000"),
            Map.entry("hbase.client.meta.operation.timeout", "20000"),
            Map.entry("hbase.rpc.timeout", "10000"),
            Map.entry("hbase.rpc.shortoperation.timeout", "5000"),
            Map.entry("hbase.client.scanner.timeout.period", "20000"),
            Map.entry("hbase.ipc.client.socket.timeout.connect", "3000"),
            Map.entry("zookeeper.session.timeout", "10000"),
            Map.entry("zookeeper.recovery.retry", "0"),
            Map.entry("hbase.client.sync.wait.timeout.msec", "60000"));

    private ClientSettings() {
    }

    static Configuration configuration(Map<String, String> settings) {
        Configuration configuration = HBaseConfiguration.create();
        DEFAULTS.forEach(configuration::set);
        settings.forEach(configuration::set);
        return configuration;
    }
}
