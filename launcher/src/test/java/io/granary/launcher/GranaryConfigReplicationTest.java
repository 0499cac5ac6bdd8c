package io.granary.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GranaryConfigReplicationTest {
    @Test
    void theClusterDefaultUnlessAPositiveFactorIsGiven() {
        assertEquals(OptionalInt.empty(), GranaryConfig.load(null).hdfsReplication());
        assertEquals(OptionalInt.empty(), GranaryConfig.load(Path.of("..", "conf")).hdfsReplication(),
                "the shipped file leaves it to the cluster");
        assertEquals(OptionalInt.of(2),
                GranaryConfig.load(null).with(GranaryConfig.HDFS_REPLICATION, " 2 ").hdfsReplication());
        assertFalse(GranaryConfig.load(null).hdfsLocalReads(), "local reads are off unless asked for");
        assertFalse(GranaryConfig.load(Path.of("..", "conf")).hdfsLocalReads());
        assertTrue(GranaryConfig.load(null).with(GranaryConfig.HDFS_LOCAL_READS, "true").hdfsLocalReads());
        for (String bad : new String[] {"0", "-1", "three", "40000"}) {
            GranaryConfig config = GranaryConfig.load(null).with(GranaryConfig.HDFS_REPLICATION, bad);
            assertThrows(IllegalArgumentException.class, config::hdfsReplication, bad);
        }
    }
}
