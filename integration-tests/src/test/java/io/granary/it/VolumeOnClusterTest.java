package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import io.granary.block.DeviceBusyException;
import io.granary.block.volume.VolumeConfig;
import io.granary.block.volume.VolumeInfo;
import io.granary.block.volume.VolumeManager;
import io.granary.hdfs.block.HdfsSegmentStore;
import io.granary.metadata.hbase.HBaseMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * A volume on HDFS and HBase end to end: one process writes and flushes, then dies without closing
 * anything; a second process takes the volume over (sealing the first one's segment through HDFS
 * lease recovery), finds every flushed byte, and snapshots and clones it.
 */
class VolumeOnClusterTest {
    private static final String NAMESPACE = "granarytest";
    private static final Path ROOT = new Path("/granary-test/volumes");
    private static final int SIZE = 16 << 20;
    private static final Duration LEASE = Duration.ofSeconds(20);

    @Test
    void flushedWritesSurviveTheWritersDeathAndTheVolumeLivesOn() throws IOException {
        String name = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(17);
        byte[] model = new byte[SIZE];
        String quorum = SharedStorageTier.get().zookeeperQuorum();

        // The first process: small segments and checkpoints, so the run crosses several of each.
        VolumeConfig small = VolumeConfig.defaults("first-process").withSegmentBytes(1 << 20)
                .withCheckpointBytes(512 << 10).withLeaseTerm(LEASE);
        HBaseMetadata firstMetadata = HBaseMetadata.connect(quorum, NAMESPACE);
        FileSystem firstHdfs = VolumeStorageConformanceTest.hdfs();
        ScheduledExecutorService firstThreads = Executors.newSingleThreadScheduledExecutor();
        VolumeManager first = new VolumeManager(firstMetadata.volumes(),
                new HdfsSegmentStore(firstHdfs, ROOT, Duration.ofMinutes(2)), small, Clock.systemUTC(), firstThreads);
        first.create(name, SIZE);
        BlockDevice stale = first.open(name);
        for (int i = 0; i < 60; i++) {
            int offset = random.nextInt(SIZE - 70_000);
            if (i % 3 == 0) {
                offset &= ~511;
            }
            byte[] bytes = new byte[1 + random.nextInt(65_536)];
            random.nextBytes(bytes);
            stale.write(offset, ByteBuffer.wrap(bytes), i % 10 == 9);
            System.arraycopy(bytes, 0, model, offset, bytes.length);
        }
        stale.trim(4096, 8192, false);
        Arrays.fill(model, 4096, 4096 + 8192, (byte) 0);
        stale.flush();
        assertArrayEquals(Arrays.copyOf(model, 1 << 20), read(stale, 0, 1 << 20));

        // The first process dies: its threads stop, nothing is closed.
        firstThreads.shutdownNow();

        // The second process comes after the first one's lease ran out.
        HBaseMetadata metadata = HBaseMetadata.connect(quorum, NAMESPACE);
        FileSystem hdfs = VolumeStorageConformanceTest.hdfs();
        try (VolumeManager second = new VolumeManager(metadata.volumes(),
                new HdfsSegmentStore(hdfs, ROOT, Duration.ofMinutes(2)), VolumeConfig.defaults("second-process")
                        .withLeaseTerm(LEASE), Clock.offset(Clock.systemUTC(), LEASE.multipliedBy(2)))) {
            try (BlockDevice device = second.open(name)) {
                assertArrayEquals(model, read(device, 0, SIZE));
                // The first writer's segment was sealed under it: it can no longer make anything durable.
                assertThrows(IOException.class, () -> stale.write(0, ByteBuffer.wrap(new byte[] {1}), true));
                try (VolumeManager third = new VolumeManager(metadata.volumes(),
                        new HdfsSegmentStore(hdfs, ROOT, Duration.ofMinutes(2)), VolumeConfig.defaults("third-process"),
                        Clock.offset(Clock.systemUTC(), LEASE.multipliedBy(2)))) {
                    DeviceBusyException busy = assertThrows(DeviceBusyException.class, () -> third.open(name));
                    assertTrue(busy.getMessage().contains("second-process"), busy.getMessage());
                }

                byte[] more = new byte[5000];
                random.nextBytes(more);
                device.write(SIZE - 5000, ByteBuffer.wrap(more), true);
                System.arraycopy(more, 0, model, SIZE - 5000, 5000);
                second.snapshot(name, "s1");
                device.write(0, ByteBuffer.wrap(new byte[4096]), true);
            }
            second.clone(name, "s1", name + "-clone");
            try (BlockDevice clone = second.open(name + "-clone")) {
                assertArrayEquals(model, read(clone, 0, SIZE));
            }
            second.flatten(name + "-clone");
            try (BlockDevice snapshot = second.openSnapshot(name, "s1")) {
                assertArrayEquals(model, read(snapshot, 0, SIZE));
            }
            VolumeInfo info = second.info(name).orElseThrow();
            assertTrue(info.liveBytes() > 0 && info.storedBytes() > info.liveBytes(), info.toString());

            second.delete(name + "-clone");
            second.deleteSnapshot(name, "s1");
            second.delete(name);
            assertEquals(0, second.list().stream().filter(v -> v.name().startsWith(name)).count());
        } finally {
            VolumeStorageConformanceTest.closeQuietly(firstHdfs);
            VolumeStorageConformanceTest.closeQuietly(hdfs);
            firstMetadata.close();
            metadata.close();
        }
    }

    private static byte[] read(BlockDevice device, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        device.read(offset, buffer);
        return buffer.array();
    }
}
