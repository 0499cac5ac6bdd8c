package io.granary.storage.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.hdfs.server.namenode.NameNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NameNode and one DataNode in this JVM, with their storage under {@code DIR/hdfs}. The first
 * start formats the NameNode; later starts find its {@code current/VERSION} and keep every file.
 * Not thread-safe: {@link LocalStorageTier} starts and stops it from one thread at a time.
 */
final class EmbeddedHdfs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHdfs.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final NameNode nameNode;
    private final DataNode dataNode;

    private EmbeddedHdfs(NameNode nameNode, DataNode dataNode) {
        this.nameNode = nameNode;
        this.dataNode = dataNode;
    }

    /** Starts both daemons and returns once the NameNode has left safe mode. */
    static EmbeddedHdfs start(Configuration conf, Path hdfsDirectory)
            throws IOException, InterruptedException, TimeoutException {
        Path nameDirectory = hdfsDirectory.resolve("name");
        Path dataDirectory = hdfsDirectory.resolve("data");
        if (!Files.exists(nameDirectory.resolve("current").resolve("VERSION"))) {
            // Never formatted, or the format itself was interrupted: start from nothing. Blocks
            // left by an older namespace would only be rejected for their cluster id.
            LOG.info("Formatting a new HDFS namespace in {}", nameDirectory);
            FileUtil.fullyDelete(dataDirectory.toFile());
            Files.createDirectories(nameDirectory);
            NameNode.format(conf);
        }
        NameNode nameNode = NameNode.createNameNode(new String[0], conf);
        DataNode dataNode;
        try {
            dataNode = DataNode.createDataNode(new String[0], conf);
        } catch (IOException | RuntimeException e) {
            stop(nameNode);
            throw e;
        }
        EmbeddedHdfs hdfs = new EmbeddedHdfs(nameNode, dataNode);
        try {
            Deadline.await("the DataNode to register with the NameNode", START_TIMEOUT,
                    dataNode::isDatanodeFullyStarted);
            Deadline.await("HDFS to leave safe mode", START_TIMEOUT, () -> !nameNode.isInSafeMode());
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            hdfs.close();
            throw e;
        }
        return hdfs;
    }

    /** Stops the DataNode, then the NameNode; both leave their storage ready for the next start. */
    @Override
    public void close() {
        dataNode.shutdown();
        stop(nameNode);
    }

    private static void stop(NameNode nameNode) {
        nameNode.stop();
        nameNode.join();
    }
}
