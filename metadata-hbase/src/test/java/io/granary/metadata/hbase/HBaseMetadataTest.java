package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What connecting does without a cluster; the conformance suites run against a real one. */
class HBaseMetadataTest {
    @Test
    void aBadNamespaceIsRefusedBeforeConnecting() {
        assertThrows(IllegalArgumentException.class, () -> HBaseMetadata.connect("127.0.0.1:1", "no-dashes"));
        assertThrows(IllegalArgumentException.class, () -> HBaseMetadata.connect("127.0.0.1:1", ""));
    }

    @Test
    void anUnreachableClusterIsUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // Nothing listens there now: ZooKeeper cannot be reached.
        StoreException failure = assertThrows(StoreException.class,
                () -> HBaseMetadata.connect(Map.of("hbase.zookeeper.quorum", "127.0.0.1:" + port), "granarytest"));
        assertEquals(StoreError.UNAVAILABLE, failure.error());
    }
}
