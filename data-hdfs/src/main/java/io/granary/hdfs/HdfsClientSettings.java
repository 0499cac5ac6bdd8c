package io.granary.hdfs;

import org.apache.hadoop.conf.Configuration;

/**
 * The HDFS client settings Granary's services write with, in one place so that the services and
 * the benchmarks' plain-HDFS baselines ask HDFS for the same things.
 */
public final class HdfsClientSettings {
    /** Bytes per write packet: 256 KiB instead of HDFS's 64 KiB. */
    public static final int PACKET_BYTES = 256 * 1024;
    /** Packets in flight per open file: with {@link #PACKET_BYTES}, HDFS's default 5 MiB of buffers. */
    public static final int PACKETS_IN_FLIGHT = 20;

    private HdfsClientSettings() {
    }

    /**
     * Sets the write settings on {@code conf}:
     * <ul>
     *   <li>packets of 256 KiB, 20 in flight: the DataNode's work is largely per packet, and a
     *       volume's 1 MiB sequential writes went from about 270 to 360-420 MB/s on a two-core
     *       machine, with as much buffered per open file as before;
     *   <li>closing a file (a volume's segment, an object's file) asks the NameNode again first after
     *       20 ms instead of 400 ms, ten times: it waits until the NameNode has heard from the
     *       DataNodes, usually within milliseconds, and the 400 ms stalled every writer of a volume at
     *       each new segment. The patience before giving up (about 20 s) still exceeds HDFS's 12 s.
     * </ul>
     */
    public static Configuration tune(Configuration conf) {
        conf.setInt("dfs.client-write-packet-size", PACKET_BYTES);
        conf.setInt("dfs.client.write.max-packets-in-flight", PACKETS_IN_FLIGHT);
        conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 20);
        conf.setInt("dfs.client.block.write.locateFollowingBlock.retries", 10);
        return conf;
    }
}
