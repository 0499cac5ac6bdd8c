package io.granary.hdfs;

import io.granary.core.spi.BlobStore;
import io.granary.core.testing.BlobStoreConformance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SPI's conformance suite against the raw local file system (see {@link TestFiles#rawLocal()}
 * for why raw). The thresholds are tiny so every case crosses both layouts, several chunks and
 * several pack roll-overs, with two packs open at once.
 */
class HdfsBlobStoreConformanceTest extends BlobStoreConformance {
    private static final int CHUNK = 4096;
    private static final HdfsBlobStoreConfig CONFIG = HdfsBlobStoreConfig.defaults()
            .withPackThreshold(8192)
            .withMaxPackSize(32 * 1024)
            .withChunkSize(CHUNK)
            .withOpenPacks(2);

    @TempDir
    Path directory;
    private FileSystem fs;
    private HdfsBlobStore store;

    @Override
    protected BlobStore store() throws IOException {
        fs = TestFiles.rawLocal();
        store = new HdfsBlobStore(fs, TestFiles.hadoopPath(directory), CONFIG, Clock.systemUTC());
        return store;
    }

    @Override
    protected int largeBlobLength() {
        return 3 * CHUNK + 1000;
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
        fs.close();
    }
}
