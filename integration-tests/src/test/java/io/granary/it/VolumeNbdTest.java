package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.volume.VolumeManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block volumes of the services, on HDFS and HBase, driven over NBD by the real clients: qemu-img,
 * qemu-io and nbdinfo, each a child process.
 */
class VolumeNbdTest {
    private static final long SIZE = 64 << 20;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path work;

    static String uri(String export) {
        return SharedCloud.nbdEndpoint() + "/" + export;
    }

    private Cli.Result run(String... command) throws Exception {
        // pyenv may shadow the system tools' python; the Debian clients live in /usr/bin.
        return Cli.run(List.of(command), Map.of("PATH", "/usr/bin:/bin:" + System.getenv("PATH")), work, TIMEOUT);
    }

    private String ok(String... command) throws Exception {
        Cli.Result result = run(command);
        assertEquals(0, result.exitCode(), () -> String.join(" ", command) + "\n" + result.stdout() + result.stderr());
        assertTrue(!result.stdout().contains("Pattern verification failed"), result.stdout());
        return result.stdout();
    }

    /** qemu-io on an export: each command a {@code -c}; read-only when asked. */
    private String qemuIo(String export, boolean readOnly, String... commands) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        if (readOnly) {
            command.add("-r");
        }
        for (String c : commands) {
            command.add("-c");
            command.add(c);
        }
        command.add(uri(export));
        return ok(command.toArray(String[]::new));
    }

    private static List<String> map(String nbdinfoOutput) {
        return nbdinfoOutput.lines().map(line -> line.trim().replaceAll("\\s+", " ")).toList();
    }

    /** Runs a client in {@code work} and fails unless it succeeds. */
    static String run(Path work, String... command) throws Exception {
        Cli.Result result = Cli.run(List.of(command), Map.of("PATH", "/usr/bin:/bin:" + System.getenv("PATH")), work,
                TIMEOUT);
        assertEquals(0, result.exitCode(), () -> String.join(" ", command) + "\n" + result.stdout() + result.stderr());
        return result.stdout();
    }

    /** qemu-io on a writable export; fails unless every command succeeds and every pattern matches. */
    static void qemuIoOk(Path work, String export, String... commands) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        for (String c : commands) {
            command.add("-c");
            command.add(c);
        }
        command.add(uri(export));
        String output = run(work, command.toArray(String[]::new));
        assertTrue(!output.contains("Pattern verification failed") && !output.contains("failed"), output);
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void qemuClientsWriteReadDiscardSnapshotAndClone() throws Exception {
        VolumeManager volumes = SharedCloud.volumes();
        String name = uniqueName("nbd");
        String clone = name + "-clone";
        volumes.create(name, SIZE);

        String info = ok("qemu-img", "info", "--output=json", uri(name));
        assertTrue(info.contains("\"virtual-size\": " + SIZE), info);

        String written = qemuIo(name, false, "write -P 0xa1 0 1M", "write -P 0xa2 3M 512k", "write -P 0xa3 40001 3333",
                "read -P 0xa1 0 40001", "read -P 0xa3 40001 3333", "read -P 0xa2 3M 512k", "read -P 0 1M 2M");
        assertTrue(written.contains("wrote 524288/524288 bytes at offset 3145728"), written);
        assertTrue(written.contains("read 3333/3333 bytes at offset 40001"), written);

        qemuIo(name, false, "discard 256k 256k");
        List<String> extents = map(ok("nbdinfo", "--map", uri(name)));
        assertTrue(extents.contains("262144 262144 3 hole,zero"), extents.toString());
        assertTrue(extents.get(0).startsWith("0 262144 0 data"), extents.toString());
        qemuIo(name, false, "read -P 0 256k 256k", "read -P 0xa1 512k 512k");

        // A snapshot keeps the volume as it was while the volume is overwritten.
        volumes.snapshot(name, "s1");
        qemuIo(name, false, "write -P 0xb1 0 1M", "write -z 3M 512k");
        qemuIo(name + "@s1", true, "read -P 0xa1 0 40001", "read -P 0xa3 40001 3333", "read -P 0 256k 256k",
                "read -P 0xa1 512k 512k", "read -P 0xa2 3M 512k");
        qemuIo(name, false, "read -P 0xb1 0 1M", "read -P 0 3M 512k");
        Cli.Result refused = run("qemu-io", "-f", "raw", "-c", "write -P 0xee 0 4k", uri(name + "@s1"));
        assertNotEquals(0, refused.exitCode(), refused.stdout());
        qemuIo(name + "@s1", true, "read -P 0xa1 0 4k");

        // A clone reads as the snapshot until written, and diverges from both.
        volumes.clone(name, "s1", clone);
        qemuIo(clone, false, "read -P 0xa1 0 40001", "read -P 0xa2 3M 512k", "write -P 0xc1 0 64k",
                "read -P 0xc1 0 64k", "read -P 0xa1 64k 192k");
        qemuIo(name, false, "read -P 0xb1 0 1M");
        qemuIo(name + "@s1", true, "read -P 0xa1 0 40001", "read -P 0xa3 40001 3333");
        String list = ok("nbdinfo", "--list", SharedCloud.nbdEndpoint().toString());
        for (String export : List.of(name, name + "@s1", clone)) {
            assertTrue(list.contains("export=\"" + export + "\":"), list);
        }

        volumes.flatten(clone);
        qemuIo(clone, false, "read -P 0xc1 0 64k", "read -P 0xa1 64k 192k", "read -P 0xa2 3M 512k");
        volumes.delete(clone);
        volumes.deleteSnapshot(name, "s1");
        volumes.delete(name);
    }
}
