package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice;
import io.granary.core.testing.Fixtures;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code granary volume} as a separate process against the services of this run: the volume
 * commands through the admin API, and disk images imported from a file and from S3 and snapshots
 * exported to a file and to S3, checked by checksum.
 */
class VolumeCommandClusterTest {

    @TempDir
    Path work;

    private Cli.Result granary(String... words) throws Exception {
        return new VolumeCli(work).run(words);
    }

    private String ok(String... words) throws Exception {
        return new VolumeCli(work).exits(0, words).stdout();
    }

    private Cli.Result refused(int status, String... words) throws Exception {
        return new VolumeCli(work).exits(status, words);
    }

    @Test
    void volumeCommandsManageVolumesSnapshotsAndClones() throws Exception {
        String name = VolumeNbdTest.uniqueName("cli");
        String clone = name + "-clone";
        assertTrue(ok("create", name, "--size", "16M")
                .matches("name=" + name + " size=16777216 state=available parent=- created=\\S+\n"));
        assertTrue(ok("list").contains("name=" + name + " size=16777216 "));
        VolumeNbdTest.qemuIoOk(work, name, "write -P 0x42 0 1M");
        assertTrue(ok("info", name).matches("name=" + name + " size=16777216 state=available parent=- created=\\S+ "
                + "snapshots=0 live_bytes=1048576 stored_bytes=\\d+ dead_bytes=\\d+\n"));
        assertTrue(ok("snapshot", name, "s1").startsWith("volume=" + name + " name=s1 size=16777216 "));
        assertEquals(1, ok("snapshots", name).lines().count());
        assertTrue(ok("clone", name + "@s1", clone).contains(" parent=" + name + "@s1 "));
        Cli.Result hasClone = refused(1, "delete", name);
        assertTrue(hasClone.stderr().contains("Conflict"), hasClone.stderr());
        assertTrue(ok("resize", name, "--size", "32M").startsWith("name=" + name + " size=33554432 "));
        assertTrue(ok("flatten", clone).contains(" parent=- "));
        VolumeNbdTest.qemuIoOk(work, clone, "read -P 0x42 0 1M", "read -P 0 1M 15M");
        try (BlockDevice attached = SharedCloud.volumes().open(clone)) {
            Cli.Result busy = refused(1, "delete", clone);
            assertTrue(busy.stderr().contains("open for writing"), busy.stderr());
            assertEquals(16 << 20, attached.size());
        }
        assertEquals("deleted=" + clone + "\n", ok("delete", clone));
        ok("delete-snapshot", name + "@s1");
        assertEquals("deleted=" + name + "\n", ok("delete", name));
        refused(1, "info", name);
        refused(2, "create", name);
        assertTrue(!ok("list").contains("name=" + name + " "));
    }

    @Test
    void imagesImportFromFilesAndS3AndSnapshotsExportToFilesAndS3() throws Exception {
        // A raw image: 6 MiB of random bytes, a hole, 1 MiB more; and the same as qcow2.
        Path raw = work.resolve("source.raw");
        try (RandomAccessFile file = new RandomAccessFile(raw.toFile(), "rw")) {
            file.write(Fixtures.randomBytes(6 << 20));
            file.seek(10 << 20);
            file.write(Fixtures.randomBytes(1 << 20));
            file.setLength(12 << 20);
        }
        Path qcow2 = work.resolve("source.qcow2");
        VolumeNbdTest.run(work, "qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString());
        String expected = VolumeCli.sha256(raw, 12 << 20);

        String fromFile = VolumeNbdTest.uniqueName("img");
        Cli.Result imported = granary("import", fromFile, "--from", qcow2.toString());
        assertEquals(0, imported.exitCode(), imported.stderr());
        assertEquals("imported=" + fromFile + " size=12582912 format=qcow2 from=" + qcow2 + "\n", imported.stdout());
        assertTrue(imported.stderr().contains("100.00/100%"), "qemu-img's progress: " + imported.stderr());

        String bucket = Fixtures.uniqueBucketName().value();
        String fromS3 = VolumeNbdTest.uniqueName("img");
        try (S3Client s3 = SdkV2ClusterTest.client(SharedCloud.endpoint(), SharedCloud.adminKey())) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("images/source.qcow2"), RequestBody.fromFile(qcow2));
            Cli.Result downloaded = granary("import", fromS3, "--from", "s3://" + bucket + "/images/source.qcow2",
                    "--size", "16M");
            assertEquals(0, downloaded.exitCode(), downloaded.stderr());
            assertTrue(downloaded.stdout().startsWith("imported=" + fromS3 + " size=16777216 format=qcow2 "));
            assertTrue(downloaded.stderr().contains("downloading s3://" + bucket + "/images/source.qcow2"),
                    downloaded.stderr());
            refused(1, "import", VolumeNbdTest.uniqueName("img"), "--from", "s3://" + bucket + "/missing.qcow2");

            // Snapshots out: to a file (the 16 MiB volume: the image, then zeroes) and to S3.
            ok("snapshot", fromS3, "s1");
            VolumeNbdTest.qemuIoOk(work, fromS3, "write -P 0x77 0 1M"); // after the snapshot: not exported
            Path exported = work.resolve("exported.raw");
            assertEquals("exported=" + fromS3 + "@s1 size=16777216 to=" + exported + "\n",
                    ok("export", fromS3 + "@s1", "--to", exported.toString()));
            assertEquals(expected, VolumeCli.sha256(exported, 12 << 20));
            byte[] tail = Files.readAllBytes(exported);
            for (int i = 12 << 20; i < tail.length; i++) {
                if (tail[i] != 0) {
                    throw new AssertionError("byte " + i + " of the exported image is not zero");
                }
            }

            ok("snapshot", fromFile, "s1");
            Cli.Result uploaded = granary("export", fromFile + "@s1", "--to", "s3://" + bucket + "/exports/disk.raw");
            assertEquals(0, uploaded.exitCode(), uploaded.stderr());
            assertTrue(uploaded.stderr().contains("uploading s3://" + bucket + "/exports/disk.raw"), uploaded.stderr());
            Path back = work.resolve("back.raw");
            s3.getObject(b -> b.bucket(bucket).key("exports/disk.raw"), back);
            assertEquals(12 << 20, Files.size(back));
            assertEquals(expected, VolumeCli.sha256(back, 12 << 20));
        }
        for (String name : List.of(fromFile, fromS3)) {
            ok("delete-snapshot", name + "@s1");
            ok("delete", name);
        }
    }
}
