package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.granary.block.BlockDevice;
import io.granary.block.DeviceBusyException;
import io.granary.block.volume.VolumeManager;
import io.granary.launcher.GranaryConfig;
import io.granary.launcher.local.StorageTierProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A services process ({@code granary server}, its own JVM) serves a volume over NBD to qemu-io,
 * which writes and flushes; the process is killed with SIGKILL while the volume is open. The
 * services of this JVM, on the same HDFS and HBase, take the volume over once the dead process's
 * lease has run out, and qemu-io finds every flushed byte through them.
 */
class VolumeServerCrashTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** The killed process's lease: short, so the takeover comes soon after the kill. */
    private static final int LEASE_SECONDS = 3;
    private static final String PROMPT = "qemu-io> ";

    @TempDir
    Path work;
    /** Commands sent to the interactive qemu-io. */
    private int sent;

    @Test
    void everyFlushedByteSurvivesAKilledServer() throws Exception {
        VolumeManager volumes = SharedCloud.volumes();
        String name = VolumeNbdTest.uniqueName("crash");
        volumes.create(name, 32 << 20);

        Process server = startServer();
        Process qemu = null;
        try {
            String nbd = awaitReady(server);
            // An interactive qemu-io keeps the volume open in the server while it is killed. In
            // writeback mode its writes carry no FUA, so only the flush makes them durable.
            qemu = new ProcessBuilder("qemu-io", "-t", "writeback", "-f", "raw", nbd + "/" + name)
                    .redirectErrorStream(true).redirectOutput(work.resolve("qemu-io.log").toFile()).start();
            Path log = work.resolve("qemu-io.log");
            try (OutputStream commands = qemu.getOutputStream()) {
                // qemu-io reads one line per wakeup from a pipe: one command at a time, each awaited.
                command(commands, log, "write -P 0x5a 0 1M");
                command(commands, log, "write -P 0x5b 5M 64k");
                command(commands, log, "write -P 0x5c 40001 3333");
                command(commands, log, "write -P 0x5d 30M 2M");
                command(commands, log, "flush");
                command(commands, log, "read -P 0x5d 31M 4k");
                awaitPrompts(log, 7);
                for (String done : List.of("wrote 1048576/1048576 bytes at offset 0",
                        "wrote 65536/65536 bytes at offset 5242880", "wrote 3333/3333 bytes at offset 40001",
                        "wrote 2097152/2097152 bytes at offset 31457280", "read 4096/4096 bytes at offset 32505856")) {
                    assertTrue(Files.readString(log).contains(done), done + " in\n" + Files.readString(log));
                }
                String output = Files.readString(log);
                assertTrue(!output.contains("fail"), output);

                // The volume is held by the server process, and the lease says which.
                DeviceBusyException busy = assertThrows(DeviceBusyException.class, () -> volumes.open(name));
                assertTrue(busy.getMessage().contains(":" + server.pid()), busy.getMessage());

                server.destroyForcibly(); // SIGKILL: nothing is closed, checkpointed or released
                assertTrue(server.waitFor(1, TimeUnit.MINUTES));
                assertEquals(137, server.exitValue());
            }
            qemu.destroyForcibly().waitFor();

            // Once the dead process's lease has run out, this process takes the volume over.
            takeOver(volumes, name);
            Cli.Result check = Cli.run(List.of("qemu-io", "-f", "raw", "-c", "read -P 0x5a 0 40001",
                    "-c", "read -P 0x5c 40001 3333", "-c", "read -P 0x5a 43334 1005242", "-c", "read -P 0 1M 4M",
                    "-c", "read -P 0x5b 5M 64k", "-c", "read -P 0x5d 30M 2M", VolumeNbdTest.uri(name)),
                    java.util.Map.of(), work, TIMEOUT);
            assertEquals(0, check.exitCode(), check.stdout() + check.stderr());
            assertTrue(!check.stdout().contains("Pattern verification failed"), check.stdout());
            assertTrue(check.stdout().contains("read 2097152/2097152 bytes at offset 31457280"), check.stdout());
            volumes.delete(name);
        } finally {
            if (qemu != null) {
                qemu.destroyForcibly().waitFor();
            }
            server.destroyForcibly().waitFor();
        }
    }

    /** Opens the volume for writing here, waiting (with a deadline) for the dead holder's lease to end. */
    private static void takeOver(VolumeManager volumes, String name) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try (BlockDevice device = volumes.open(name)) {
                assertEquals(32 << 20, device.size());
                return;
            } catch (DeviceBusyException e) {
                if (System.nanoTime() > deadline) {
                    fail("the dead server's lease did not end within " + TIMEOUT + ": " + e.getMessage());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }

    /** {@code granary server} on the shared storage, with the launcher's classpath and JVM options. */
    private Process startServer() throws IOException {
        StorageTierProcess tier = SharedStorageTier.get();
        GranaryConfig shared = SharedCloud.config();
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve(GranaryConfig.SITE_FILE), """
                <configuration>
                  <property><name>%s</name><value>%s</value></property>
                  <property><name>%s</name><value>%s</value></property>
                  <property><name>%s</name><value>%s</value></property>
                  <property><name>%s</name><value>%s</value></property>
                  <property><name>%s</name><value>1</value></property>
                  <property><name>%s</name><value>0</value></property>
                  <property><name>%s</name><value>0</value></property>
                  <property><name>%s</name><value>0</value></property>
                  <property><name>%s</name><value>%d</value></property>
                </configuration>
                """.formatted(GranaryConfig.HDFS_URI, tier.hdfsUri(), GranaryConfig.ZOOKEEPER_QUORUM,
                tier.zookeeperQuorum(), GranaryConfig.HDFS_ROOT, shared.hdfsRoot(), GranaryConfig.HBASE_NAMESPACE,
                shared.hbaseNamespace(), GranaryConfig.HDFS_REPLICATION, GranaryConfig.S3_PORT, GranaryConfig.NBD_PORT,
                GranaryConfig.ADMIN_PORT, GranaryConfig.VOLUME_LEASE, LEASE_SECONDS));
        List<String> command = GranaryCommand.of("server", "--conf", conf.toString());
        return new ProcessBuilder(command).redirectError(work.resolve("server-stderr.log").toFile()).start();
    }

    /** The NBD endpoint from the server's READY line. */
    private String awaitReady(Process server) throws Exception {
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException("the server exited before it was ready"));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        String line;
        try {
            line = ready.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("granary server did not start: " + e + "\n"
                    + Files.readString(work.resolve("server-stderr.log")), e);
        }
        for (String field : line.split(" ")) {
            if (field.startsWith("nbd=")) {
                return field.substring("nbd=".length());
            }
        }
        throw new AssertionError("no nbd= in " + line);
    }

    /**
     * Sends one command to an interactive qemu-io once it is ready for it (it reads one line per
     * wakeup from a pipe, so a line sent early could sit unread): each prompt it printed so far
     * stands for one command taken.
     */
    private void command(OutputStream commands, Path log, String command) throws IOException {
        awaitPrompts(log, sent + 1);
        commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
        sent++;
    }

    private static int prompts(Path log) throws IOException {
        String output = Files.readString(log);
        return (output.length() - output.replace(PROMPT, "").length()) / PROMPT.length();
    }

    private static void awaitPrompts(Path log, int count) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (prompts(log) < count) {
            if (System.nanoTime() > deadline) {
                fail("qemu-io did not get to prompt " + count + " within " + TIMEOUT + ":\n" + Files.readString(log));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
