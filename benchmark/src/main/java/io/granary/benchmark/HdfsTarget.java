package io.granary.benchmark;

import io.granary.hdfs.HdfsClientSettings;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The baseline: one HDFS file per name under a directory of its own, written with the plain HDFS
 * client as {@code create → write → hsync → close} and read back with {@code open → read}. The
 * client is configured as the gateway configures its own ({@link HdfsClientSettings} and the
 * NameNode's address), so both sides ask HDFS for the same things.
 */
final class HdfsTarget implements Target {
    /** Parent of every run's directory. */
    static final String BASE_DIRECTORY = "/granary-benchmark";

    private final FileSystem fs;
    private final Path directory;
    private final LongAdder[] callNanos = new LongAdder[Call.values().length];

    /** The client calls whose time {@link #callSeconds} adds up. */
    enum Call { CREATE, WRITE, HSYNC, CLOSE, OPEN, READ }

    private HdfsTarget(FileSystem fs, Path directory) {
        this.fs = fs;
        this.directory = directory;
        for (int i = 0; i < callNanos.length; i++) {
            callNanos[i] = new LongAdder();
        }
    }

    /**
     * Connects to {@code hdfsUri} and creates {@code BASE_DIRECTORY/run}.
     *
     * @param localReads read blocks of a DataNode on this machine from its disk, as the local
     *     cloud's services do, so that both sides read the same way
     */
    static HdfsTarget open(URI hdfsUri, String run, boolean localReads) throws IOException {
        FileSystem fs = FileSystem.newInstance(hdfsUri, clientConfiguration(hdfsUri, localReads));
        try {
            Path directory = new Path(BASE_DIRECTORY, run);
            if (!fs.mkdirs(directory)) {
                throw new IOException("cannot create " + directory + " in " + hdfsUri);
            }
            return new HdfsTarget(fs, directory);
        } catch (IOException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    /**
     * A plain HDFS client's settings as the services set their own ({@link HdfsClientSettings}),
     * for the NameNode at {@code hdfsUri}, failing fast if it is down.
     */
    static Configuration clientConfiguration(URI hdfsUri, boolean localReads) {
        Configuration conf = HdfsClientSettings.tune(new Configuration());
        conf.set("fs.defaultFS", hdfsUri.toString());
        conf.setBoolean("dfs.client.read.shortcircuit", localReads);
        conf.setBoolean("dfs.client.use.legacy.blockreader.local", localReads);
        conf.setInt("ipc.client.connect.max.retries", 3);
        conf.setInt("ipc.client.connect.max.retries.on.timeouts", 3);
        return conf;
    }

    Path directory() {
        return directory;
    }

    @Override
    public void write(String name, byte[] data, int length) throws IOException {
        long start = System.nanoTime();
        FSDataOutputStream out = fs.create(new Path(directory, name), false);
        long created = System.nanoTime();
        try {
            out.write(data, 0, length);
            long written = System.nanoTime();
            out.hsync();
            long synced = System.nanoTime();
            out.close();
            long closed = System.nanoTime();
            add(Call.CREATE, created - start);
            add(Call.WRITE, written - created);
            add(Call.HSYNC, synced - written);
            add(Call.CLOSE, closed - synced);
        } catch (IOException | RuntimeException e) {
            try {
                out.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public long read(String name, byte[] buffer, CRC32C crc) throws IOException {
        long total = 0;
        long start = System.nanoTime();
        try (FSDataInputStream in = fs.open(new Path(directory, name))) {
            long opened = System.nanoTime();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
                total += n;
            }
            add(Call.OPEN, opened - start);
            add(Call.READ, System.nanoTime() - opened);
        }
        return total;
    }

    /** Seconds spent in each client call since the last {@link #resetCallTimes()}, summed over threads. */
    double callSeconds(Call call) {
        return callNanos[call.ordinal()].sum() / 1e9;
    }

    void resetCallTimes() {
        for (LongAdder adder : callNanos) {
            adder.reset();
        }
    }

    private void add(Call call, long nanos) {
        callNanos[call.ordinal()].add(nanos);
    }

    /** The replication factors of the files under {@code root} (recursively), as HDFS reports them. */
    Set<Short> replicationUnder(String root) throws IOException {
        Set<Short> factors = new TreeSet<>();
        Path path = new Path(root);
        if (!fs.exists(path)) {
            return factors;
        }
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(path, true);
        while (files.hasNext()) {
            factors.add(files.next().getReplication());
        }
        return factors;
    }

    @Override
    public String cleanUp(int threads) throws IOException {
        if (fs.exists(directory) && !fs.delete(directory, true)) {
            throw new IOException("could not delete " + directory);
        }
        Path base = directory.getParent();
        try {
            if (fs.listStatus(base).length == 0) {
                fs.delete(base, false);
            }
        } catch (IOException e) {
            // Another run's directory appeared in between, or the parent is gone: nothing of ours is left.
        }
        return "deleted the HDFS directory " + directory;
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
