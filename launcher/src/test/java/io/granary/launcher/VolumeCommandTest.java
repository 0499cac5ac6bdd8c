package io.granary.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import io.granary.block.volume.CollectionReport;
import io.granary.block.volume.VolumeConfig;
import io.granary.block.volume.VolumeManager;
import io.granary.core.auth.AccessKey;
import io.granary.core.auth.Credentials;
import io.granary.core.testing.InMemoryCredentialStore;
import io.granary.core.testing.InMemorySegmentStore;
import io.granary.core.testing.InMemoryVolumeCatalog;
import io.granary.launcher.admin.AdminAuthenticator;
import io.granary.launcher.admin.AdminServer;
import io.granary.launcher.admin.VolumeApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code granary volume} against the admin API over in-memory volumes: output lines and exit codes. */
class VolumeCommandTest {
    private final Credentials credentials = new Credentials(new InMemoryCredentialStore(), Clock.systemUTC());
    private final AccessKey admin = credentials.ensureUserWithKey("admin");
    private VolumeManager volumes;
    private AdminServer server;
    @TempDir
    Path data;

    /** What one command printed and how it ended. */
    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void start() throws IOException {
        volumes = new VolumeManager(new InMemoryVolumeCatalog(), new InMemorySegmentStore(),
                VolumeConfig.defaults("test:1"), Clock.systemUTC());
        server = new AdminServer("127.0.0.1", 0, new AdminAuthenticator(credentials.store(), "admin",
                Clock.systemUTC()), new VolumeApi(volumes));
        server.start();
        // A local cloud's data directory, as LocalCloud leaves it.
        Files.writeString(data.resolve(LocalCloud.SERVICE_ENDPOINTS_FILE), "admin=" + server.endpoint()
                + "\nnbd=nbd\\://127.0.0.1\\:1\ns3=http\\://127.0.0.1\\:1\n");
        Files.writeString(data.resolve(LocalCloud.ADMIN_CREDENTIALS_FILE), "access_key=" + admin.accessKeyId()
                + "\nsecret_key=" + admin.secretKey() + "\n");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        volumes.close();
    }

    private Run volume(String... words) {
        List<String> args = new ArrayList<>(List.of("--data", data.toString()));
        args.addAll(List.of(words));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VolumeCommand.run(data, args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String ok(String... words) {
        Run run = volume(words);
        assertEquals(0, run.status(), run.err());
        return run.out();
    }

    @Test
    void sizesTakeBinarySuffixes() {
        assertEquals(10L << 30, VolumeCommand.parseSize("10G"));
        assertEquals(512, VolumeCommand.parseSize("512"));
        assertEquals(3L << 10, VolumeCommand.parseSize("3k"));
        assertEquals(5L << 20, VolumeCommand.parseSize("5MiB"));
        assertEquals(2L << 40, VolumeCommand.parseSize("2T"));
        for (String bad : new String[] {"", "G", "-1", "1.5G", "1P", "99999999999T"}) {
            assertThrows(Arguments.UsageException.class, () -> VolumeCommand.parseSize(bad), bad);
        }
    }

    @Test
    void infoShowsWhatTheCollectorReclaimed() throws IOException {
        ok("create", "data1", "--size", "1M");
        try (BlockDevice device = volumes.open("data1")) {
            for (int round = 1; round <= 2; round++) {
                byte[] bytes = new byte[64 * 1024];
                Arrays.fill(bytes, (byte) round);
                device.write(0, ByteBuffer.wrap(bytes), false);
            }
        }
        // Reopening starts a new segment; the closed one holds two copies of the data, one dead.
        CollectionReport report = volumes.collect("data1", 0.5);
        assertEquals(1, report.segmentsRemoved());
        String info = ok("info", "data1");
        assertTrue(info.matches(".* live_bytes=65536 .* collections=1 collection_failures=0 collected_segments=1"
                + " reclaimed_bytes=" + report.bytesFreed() + " last_collection=\\S+Z\n"), info);
    }

    @Test
    void commandsPrintOneKeyValueLinePerRecord() {
        String created = ok("create", "data1", "--size", "1M");
        assertTrue(created.matches("name=data1 size=1048576 state=available parent=- created=\\S+\n"), created);
        ok("snapshot", "data1", "s1");
        assertTrue(ok("snapshots", "data1").matches("volume=data1 name=s1 size=1048576 created=\\S+\n"));
        assertTrue(ok("clone", "data1@s1", "data2", "--size", "2M")
                .matches("name=data2 size=2097152 state=available parent=data1@s1 created=\\S+\n"));
        assertEquals(2, ok("list").lines().count());
        String info = ok("info", "data1");
        assertTrue(info.matches("name=data1 size=1048576 .* snapshots=1 live_bytes=0 stored_bytes=\\d+ dead_bytes=\\d+\n"),
                info);
        assertTrue(ok("resize", "data1", "--size", "4M").startsWith("name=data1 size=4194304 "));
        assertTrue(ok("flatten", "data2").contains(" parent=- "));
        assertEquals("deleted=data2\n", ok("delete", "data2"));
        assertEquals("deleted=data1@s1\n", ok("delete-snapshot", "data1@s1"));
        assertEquals("deleted=data1\n", ok("delete", "data1"));
        assertEquals("", ok("list"));
    }

    @Test
    void failuresExitOneAndUsageErrorsTwo() {
        ok("create", "data1", "--size", "1M");
        ok("snapshot", "data1", "s1");
        ok("clone", "data1@s1", "data2");
        Run busy = volume("delete", "data1");
        assertEquals(1, busy.status());
        assertTrue(busy.err().startsWith("granary volume: Conflict: "), busy.err());
        Run missing = volume("info", "nothing");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("NotFound"), missing.err());
        assertEquals(1, volume("create", "data1", "--size", "1M").status());
        assertEquals(1, volume("export", "data1@none", "--to", data.resolve("x.raw").toString()).status());
        for (String[] usage : new String[][] {{}, {"help"}, {"create", "x"}, {"create", "x", "--size", "lots"},
                {"frobnicate"}, {"info"}, {"clone", "data1", "data3"}, {"list", "--colour", "red"},
                {"import", "x", "--from", "f", "--format", "vmdk"}, {"export", "data1", "--to", "f"},
                {"export", "data1@s1", "--to", "s3://b/k", "--part-size", "4M"},
                {"export", "data1@s1", "--to", "s3://b/k", "--part-size", "6G"},
                {"export", "data1@s1", "--to", "f.raw", "--part-size", "8M"},
                {"import", "x", "--from", "f", "--part-size", "8M"}}) {
            Run run = volume(usage);
            assertEquals(2, run.status(), String.join(" ", usage) + ": " + run.err());
            assertTrue(run.err().contains("usage: granary volume"), run.err());
        }
        assertEquals(2, ok("list").lines().count(), "refused commands changed nothing");
        Run noCloud = VolumeCommandTest.this.volumeIn(data.resolve("elsewhere"), "list");
        assertEquals(1, noCloud.status());
        assertTrue(noCloud.err().contains("no local cloud has run"), noCloud.err());
    }

    private Run volumeIn(Path dir, String... words) {
        List<String> args = new ArrayList<>(List.of("--data", dir.toString()));
        args.addAll(List.of(words));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VolumeCommand.run(dir, args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
