package io.granary.it;

import io.granary.core.block.SegmentStore;
import io.granary.core.block.VolumeCatalog;
import io.granary.core.testing.SegmentStoreConformance;
import io.granary.core.testing.VolumeCatalogConformance;
import io.granary.hdfs.block.HdfsSegmentStore;
import io.granary.metadata.hbase.HBaseMetadata;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The block volume storage SPI's conformance suites on the shared storage tier: segments in HDFS
 * (where sealing is HDFS lease recovery), the volume catalog in HBase.
 */
class VolumeStorageConformanceTest {
    private static final String NAMESPACE = "granarytest";

    private static HBaseMetadata metadata;
    private static FileSystem hdfs;
    private static HdfsSegmentStore segments;
    private static FileSystem localHdfs;
    private static HdfsSegmentStore localSegments;

    @BeforeAll
    static void connect() throws IOException {
        metadata = HBaseMetadata.connect(SharedStorageTier.get().zookeeperQuorum(), NAMESPACE);
        hdfs = hdfs();
        segments = new HdfsSegmentStore(hdfs, new Path("/granary-test/volume-conformance"), Duration.ofMinutes(2));
        Configuration local = new Configuration();
        local.setInt("dfs.replication", 1);
        local.setBoolean("dfs.client.read.shortcircuit", true);
        local.setBoolean("dfs.client.use.legacy.blockreader.local", true);
        localHdfs = FileSystem.newInstance(URI.create(SharedStorageTier.get().hdfsUri()), local);
        localSegments = new HdfsSegmentStore(localHdfs, new Path("/granary-test/volume-conformance-local"),
                Duration.ofMinutes(2));
    }

    @AfterAll
    static void close() throws IOException {
        if (segments != null) {
            segments.close();
        }
        if (localSegments != null) {
            localSegments.close();
        }
        if (hdfs != null) {
            closeQuietly(hdfs);
        }
        if (localHdfs != null) {
            closeQuietly(localHdfs);
        }
        if (metadata != null) {
            metadata.close();
        }
    }

    @Nested
    class Segments extends SegmentStoreConformance {
        @Override
        protected SegmentStore store() {
            return segments;
        }
    }

    /** The same, reading from the DataNode's replica files on this machine (local reads on). */
    @Nested
    class SegmentsReadLocally extends SegmentStoreConformance {
        @Override
        protected SegmentStore store() {
            return localSegments;
        }
    }

    @Nested
    class Catalog extends VolumeCatalogConformance {
        @Override
        protected VolumeCatalog catalog() {
            return metadata.volumes();
        }
    }

    /** A client of its own (the FileSystem cache would share it with other tests). */
    static FileSystem hdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.setInt("dfs.replication", 1); // the tier has one DataNode
        return FileSystem.newInstance(URI.create(SharedStorageTier.get().hdfsUri()), conf);
    }

    /**
     * Closes a client whose files may have been sealed under it (a fenced writer's streams fail to
     * close), which is expected here.
     */
    static void closeQuietly(FileSystem fs) {
        try {
            fs.close();
        } catch (IOException e) {
            // Streams of sealed segments cannot close cleanly; nothing else is open.
        }
    }
}
