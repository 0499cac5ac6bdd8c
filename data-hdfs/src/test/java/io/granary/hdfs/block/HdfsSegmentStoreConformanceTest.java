package io.granary.hdfs.block;

import io.granary.core.block.SegmentStore;
import io.granary.core.testing.SegmentStoreConformance;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment store SPI's conformance suite on the raw local file system (the checksummed local one
 * cannot {@code hsync}); integration-tests runs it again on HDFS.
 */
class HdfsSegmentStoreConformanceTest extends SegmentStoreConformance {
    @TempDir
    Path directory;
    private FileSystem fs;
    private HdfsSegmentStore store;

    @Override
    protected SegmentStore store() throws IOException {
        RawLocalFileSystem raw = new RawLocalFileSystem();
        raw.initialize(URI.create("file:///"), new Configuration());
        fs = raw;
        store = new HdfsSegmentStore(fs, new org.apache.hadoop.fs.Path(directory.toUri()), Duration.ofSeconds(10));
        return store;
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
        fs.close();
    }
}
