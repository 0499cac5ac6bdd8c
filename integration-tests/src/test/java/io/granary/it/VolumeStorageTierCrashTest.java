package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.granary.block.BlockDevice;
import io.granary.block.DeviceBusyException;
import io.granary.block.volume.VolumeManager;
import io.granary.launcher.GranaryConfig;
import io.granary.launcher.GranaryServices;
import io.granary.launcher.local.StorageTierProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage tier's JVM (NameNode, DataNode, ZooKeeper, HBase) is killed with SIGKILL while
 * qemu-io holds a volume open over NBD, after flushed writes, a FUA write and one write that was
 * never flushed. Started again on the same data directory, with new services on it, the tier gives
 * back every flushed and FUA byte; the unflushed write is there whole or not at all, and nothing
 * around it changed.
 *
 * <p>The tier is this test's own (its own data directory), not the shared one: killing that would
 * break the other tests.
 */
@Timeout(900)
class VolumeStorageTierCrashTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final long SIZE = 32 << 20;
    /** The crashed services' lease: short, so the takeover comes soon after the restart. */
    private static final int LEASE_SECONDS = 3;
    private static final String VOLUME = "tier-crash";

    /** The write that is never flushed: over the end of a hole and the start of pattern 0x12. */
    private static final String UNFLUSHED = "write -P 0x17 2560k 1536k";
    private static final List<String> UNFLUSHED_PRESENT = List.of("read -P 0x17 2560k 1536k");
    private static final List<String> UNFLUSHED_ABSENT = List.of("read -P 0 2560k 512k", "read -P 0x12 3M 1M");

    @TempDir
    Path work;

    @Test
    void flushedAndFuaWritesSurviveAKilledStorageTier() throws Exception {
        Path home = SharedStorageTier.granaryHome();
        Path data = SharedStorageTier.newDataDirectory("tier-crash-");
        StorageTierProcess first = StorageTierProcess.start(home, data, SharedStorageTier.START_TIMEOUT);
        StorageTierProcess second = null;
        GranaryServices crashed = null;
        GranaryServices restarted = null;
        try {
            crashed = GranaryServices.start(config(first));
            crashed.volumes().create(VOLUME, SIZE);
            try (InteractiveQemuIo qemu = InteractiveQemuIo.open(crashed.nbdEndpoint() + "/" + VOLUME,
                    work.resolve("qemu-io.log"), TIMEOUT)) {
                written(qemu, "write -P 0x11 0 1M", "wrote 1048576/1048576 bytes at offset 0");
                written(qemu, "write -P 0x14 512 512", "wrote 512/512 bytes at offset 512");
                written(qemu, "write -P 0x13 40001 3333", "wrote 3333/3333 bytes at offset 40001");
                written(qemu, "write -P 0x12 3M 3M", "wrote 3145728/3145728 bytes at offset 3145728");
                written(qemu, "write -P 0x15 20M 12345", "wrote 12345/12345 bytes at offset 20971520");
                written(qemu, "flush", "");
                written(qemu, "write -f -P 0x16 10M 64k", "wrote 65536/65536 bytes at offset 10485760");
                written(qemu, UNFLUSHED, "wrote 1572864/1572864 bytes at offset 2621440");

                // SIGKILL of the tier's one JVM, by its PID: nothing in it is closed or synced.
                ProcessHandle tier = ProcessHandle.of(first.pid()).orElseThrow();
                assertTrue(tier.destroyForcibly(), "SIGKILL sent to the storage tier");
                tier.onExit().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertFalse(first.isAlive(), "the storage tier is dead");
                first.close(); // only marks it closed: the process is gone

                // The block server must not acknowledge a FUA write that storage can no longer make
                // durable. (It rewrites what the range holds: whatever happens to it, the range reads
                // the same. qemu-io reports a failed write, not a failed flush.)
                String fua = qemu.run("write -f -P 0x16 10M 64k");
                assertTrue(fua.contains("write failed"), "a FUA write after the crash answered:\n" + qemu.output());
            }
            // The services' storage is gone: they are closed as far as they can be (nothing they
            // still try reaches storage), within a bound, before the tier comes back, so that
            // nothing of theirs (lease renewal, a checkpoint, an HDFS lease) meets the restarted
            // tier. A services process whose storage died and that was killed leaves the same.
            closeWithin(crashed, TIMEOUT);
            crashed = null;

            second = StorageTierProcess.start(home, data, SharedStorageTier.START_TIMEOUT);
            assertEquals(first.hdfsUri(), second.hdfsUri(), "HDFS endpoint after the restart");
            assertEquals(first.zookeeperQuorum(), second.zookeeperQuorum(), "ZooKeeper endpoint after the restart");
            restarted = GranaryServices.start(config(second));
            takeOver(restarted.volumes());

            String uri = restarted.nbdEndpoint() + "/" + VOLUME;
            List<String> flushed = List.of("read -P 0x11 0 512", "read -P 0x14 512 512", "read -P 0x11 1024 38977",
                    "read -P 0x13 40001 3333", "read -P 0x11 43334 1005242", "read -P 0 1M 1536k",
                    "read -P 0x12 4M 2M", "read -P 0 6M 4M", "read -P 0x16 10M 64k", "read -P 0 10551296 10420224",
                    "read -P 0x15 20M 12345", "read -P 0 20983865 12570567");
            Cli.Result read = qemuIo(uri, flushed);
            assertTrue(matches(read, flushed), "flushed bytes after the restart:\n" + read);

            Cli.Result present = qemuIo(uri, UNFLUSHED_PRESENT);
            if (!matches(present, UNFLUSHED_PRESENT)) {
                Cli.Result absent = qemuIo(uri, UNFLUSHED_ABSENT);
                assertTrue(matches(absent, UNFLUSHED_ABSENT), "the unflushed write is torn: neither all there:\n"
                        + present + "\nnor all absent:\n" + absent);
            }

            // The recovered volume takes writes again, over the torn tail's range too.
            String rewritten = VolumeNbdTest.run(work, "qemu-io", "-f", "raw", "-c", "write -P 0x18 2560k 1536k",
                    "-c", "read -P 0x18 2560k 1536k", "-c", "read -P 0x12 4M 2M", "-c", "read -P 0x11 43334 1005242",
                    uri);
            assertTrue(!rewritten.contains("Pattern verification failed"), rewritten);
            assertTrue(rewritten.contains("read 1572864/1572864 bytes at offset 2621440"), rewritten);
        } finally {
            if (crashed != null) {
                crashed.close();
            }
            if (restarted != null) {
                restarted.close();
            }
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    /** Services on {@code tier} as the test run's are ({@link SharedCloud}), with a short volume lease. */
    private static GranaryConfig config(StorageTierProcess tier) {
        return GranaryConfig.load(null)
                .with(GranaryConfig.HDFS_URI, tier.hdfsUri())
                .with(GranaryConfig.ZOOKEEPER_QUORUM, tier.zookeeperQuorum())
                .with(GranaryConfig.HDFS_REPLICATION, "1")
                .with(GranaryConfig.S3_PORT, "0")
                .with(GranaryConfig.NBD_PORT, "0")
                .with(GranaryConfig.ADMIN_PORT, "0")
                .with(GranaryConfig.VOLUME_LEASE, Integer.toString(LEASE_SECONDS));
    }

    /** Runs a write (or flush) and fails unless qemu-io reports it done. */
    private static void written(InteractiveQemuIo qemu, String command, String done) throws IOException {
        String output = qemu.run(command);
        assertTrue(output.contains(done) && !output.contains("failed"), command + " answered:\n" + qemu.output());
    }

    /** Closes services whose storage is dead, failing the test if that takes longer than {@code bound}. */
    private static void closeWithin(GranaryServices services, Duration bound) throws Exception {
        CompletableFuture<Void> closing = CompletableFuture.runAsync(services::close);
        try {
            closing.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("services whose storage died did not close within " + bound);
        }
    }

    /** Opens the volume for writing, waiting (with a deadline) for the crashed services' lease to end. */
    private static void takeOver(VolumeManager volumes) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try (BlockDevice device = volumes.open(VOLUME)) {
                assertEquals(SIZE, device.size());
                return;
            } catch (DeviceBusyException e) {
                if (System.nanoTime() > deadline) {
                    fail("the crashed services' lease did not end within " + TIMEOUT + ": " + e.getMessage());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }

    /** True if qemu-io read all that {@code reads} asked for and every pattern matched. */
    private static boolean matches(Cli.Result qemu, List<String> reads) {
        long done = qemu.stdout().lines().filter(line -> line.matches("read (\\d+)/\\1 bytes at offset \\d+"))
                .count();
        return qemu.exitCode() == 0 && done == reads.size() && !qemu.stdout().contains("Pattern verification failed");
    }

    /**
     * qemu-io, read-only, with each read a {@code -c}. It exits 1 if a pattern did not match, which
     * is an answer here, not a failure.
     */
    private Cli.Result qemuIo(String uri, List<String> reads) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", "raw", "-r"));
        for (String read : reads) {
            command.add("-c");
            command.add(read);
        }
        command.add(uri);
        return Cli.run(command, Map.of("PATH", "/usr/bin:/bin:" + System.getenv("PATH")), work, TIMEOUT);
    }
}
