package io.granary.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StorageOptionsTest {
    @Test
    void dataDirectoryAloneLeavesPortsToTheTier() {
        StorageOptions options = StorageOptions.parse("--data", "relative/dir");

        assertEquals(Path.of("relative/dir").toAbsolutePath().normalize(), options.dataDirectory());
        assertEquals(OptionalInt.empty(), options.hdfsPort());
        assertEquals(OptionalInt.empty(), options.zookeeperPort());
        assertFalse(options.exitWithParent());
    }

    @Test
    void everyOption() {
        StorageOptions options = StorageOptions.parse(
                "--exit-with-parent", "--zk-port", "2181", "--data", "/srv/granary", "--hdfs-port", "8020");

        assertEquals(Path.of("/srv/granary"), options.dataDirectory());
        assertEquals(OptionalInt.of(8020), options.hdfsPort());
        assertEquals(OptionalInt.of(2181), options.zookeeperPort());
        assertTrue(options.exitWithParent());
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> StorageOptions.parse());
        assertThrows(IllegalArgumentException.class, () -> StorageOptions.parse("--data"));
        assertThrows(IllegalArgumentException.class, () -> StorageOptions.parse("--data", "d", "--verbose"));
        assertThrows(IllegalArgumentException.class, () -> StorageOptions.parse("--data", "d", "--zk-port", "0"));
        assertThrows(IllegalArgumentException.class, () -> StorageOptions.parse("--data", "d", "--hdfs-port", "x"));
    }
}
