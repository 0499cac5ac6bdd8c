package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {
    @Test
    void ourDefaultsReplaceHBasesAndTheCallersWin() {
        Configuration configuration = ClientSettings.configuration(Map.of(
                "hbase.zookeeper.quorum", "zk1:2181,zk2:2182", "hbase.client.retries.number", "2"));
        assertEquals("zk1:2181,zk2:2182", configuration.get("hbase.zookeeper.quorum"));
        assertEquals("2", configuration.get("hbase.client.retries.number"));
        assertEquals("20000", configuration.get("hbase.client.operation.timeout"));
        assertEquals("0", configuration.get("zookeeper.recovery.retry"));
    }
}
