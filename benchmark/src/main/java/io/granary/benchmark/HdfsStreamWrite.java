package io.granary.benchmark;

import java.io.IOException;
import java.net.URI;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The ceiling HDFS itself sets for a volume's sequential writes: one plain HDFS client stream
 * writing 1 MiB buffers, into files of a segment's size that are synced and closed when full, as a
 * volume's segments are, with the services' client settings, for a given time. A volume cannot
 * write faster than this, since every byte it writes goes down such a stream.
 */
final class HdfsStreamWrite {
    /** As a volume's segments. */
    static final long FILE_BYTES = 256L << 20;
    private static final int WRITE_BYTES = 1 << 20;

    private HdfsStreamWrite() {
    }

    /** What one run wrote, in how long. */
    record Figures(long bytes, double seconds) {
        double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    /**
     * Writes for {@code seconds} under {@code BASE_DIRECTORY/run-stream} and deletes what it wrote.
     *
     * @param replication the replication the services' files get (the local cloud's one DataNode: 1)
     */
    static Figures run(URI hdfsUri, String run, int replication, int seconds) throws IOException {
        Configuration conf = HdfsTarget.clientConfiguration(hdfsUri, false);
        conf.setInt("dfs.replication", replication);
        byte[] buffer = new byte[WRITE_BYTES];
        new Random(7).nextBytes(buffer);
        Path directory = new Path(HdfsTarget.BASE_DIRECTORY, run + "-stream");
        try (FileSystem fs = FileSystem.newInstance(hdfsUri, conf)) {
            try {
                long deadline = System.nanoTime() + seconds * 1_000_000_000L;
                long started = System.nanoTime();
                long written = 0;
                for (int file = 0; System.nanoTime() < deadline; file++) {
                    try (FSDataOutputStream out = fs.create(new Path(directory, "segment-" + file), false)) {
                        for (long inFile = 0; inFile < FILE_BYTES && System.nanoTime() < deadline; inFile += WRITE_BYTES) {
                            out.write(buffer);
                            written += WRITE_BYTES;
                        }
                        out.hsync();
                    }
                }
                return new Figures(written, (System.nanoTime() - started) / 1e9);
            } finally {
                fs.delete(directory, true);
            }
        }
    }
}
