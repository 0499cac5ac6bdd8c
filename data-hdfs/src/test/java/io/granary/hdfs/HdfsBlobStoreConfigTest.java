package io.granary.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HdfsBlobStoreConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        HdfsBlobStoreConfig config = HdfsBlobStoreConfig.defaults();
        assertEquals(1 << 20, config.packThreshold());
        assertEquals(256L << 20, config.maxPackSize());
        assertEquals(1 << 20, config.chunkSize());
        assertEquals(Duration.ofMinutes(10), config.releaseGrace());
        assertEquals(1, config.openPacks());
    }

    @Test
    void refusesSettingsThatCannotWork() {
        HdfsBlobStoreConfig config = HdfsBlobStoreConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> config.withPackThreshold(-1));
        assertThrows(IllegalArgumentException.class, () -> config.withMaxPackSize((1 << 20) + 7));
        assertThrows(IllegalArgumentException.class, () -> config.withChunkSize(0));
        assertThrows(IllegalArgumentException.class, () -> config.withReleaseGrace(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> config.withPurgeInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> config.withOpenPacks(0));
    }
}
