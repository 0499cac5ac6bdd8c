package io.granary.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoragePortsTest {
    @TempDir
    Path data;

    @Test
    void portsChosenOnTheFirstStartAreReusedLater() throws IOException {
        StoragePorts first = StoragePorts.resolve(StorageOptions.parse("--data", data.toString()));
        StoragePorts second = StoragePorts.resolve(StorageOptions.parse("--data", data.toString()));

        assertNotEquals(first.hdfs(), first.zookeeper());
        assertEquals(first, second);
    }

    @Test
    void portsGivenOnTheCommandLineWinAndAreRemembered() throws IOException {
        StoragePorts chosen = StoragePorts.resolve(StorageOptions.parse("--data", data.toString()));
        StoragePorts given = StoragePorts.resolve(StorageOptions.parse("--data", data.toString(), "--hdfs-port", "18020"));
        StoragePorts later = StoragePorts.resolve(StorageOptions.parse("--data", data.toString()));

        assertEquals(new StoragePorts(18020, chosen.zookeeper()), given);
        assertEquals(given, later);
    }
}
