package io.granary.block.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.nbd.ExternalClient.Result;
import io.granary.block.nbd.InMemoryDeviceProvider.Volume;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server against the real clients: qemu-img and qemu-io (qemu-utils), nbdinfo, nbdcopy and
 * nbdsh (libnbd-bin, python3-libnbd), and fio's nbd engine, each run as a child process.
 */
class NbdRealClientsTest {
    private static final int SIZE = 64 << 20;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final InMemoryDeviceProvider provider = new InMemoryDeviceProvider();
    private Volume disk;
    private Volume copy;
    private Volume snapshot;
    private NbdServer server;
    @TempDir
    Path work;

    @BeforeEach
    void start() throws IOException {
        disk = provider.add("disk", SIZE, false);
        copy = provider.add("copy", SIZE, false);
        snapshot = provider.add("disk@snap", SIZE, true);
        snapshot.fill(0, random(1 << 20, 1));
        server = new NbdServer(provider);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        assertEquals(0, provider.openHandles(), "every connection closed its device");
    }

    private String uri(String export) {
        return "nbd://127.0.0.1:" + server.port() + "/" + export;
    }

    private Result run(String... command) throws IOException, InterruptedException {
        return ExternalClient.run(work, TIMEOUT, command);
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void assertFilled(byte[] contents, long offset, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (contents[(int) offset + i] != (byte) value) {
                throw new AssertionError(String.format("byte %d is 0x%02x, not 0x%02x",
                        offset + i, contents[(int) offset + i], value));
            }
        }
    }

    @Test
    void qemuImgInfoSeesTheExportSize() throws Exception {
        Result info = run("qemu-img", "info", "--output=json", uri("disk")).expectSuccess();
        assertTrue(info.output().contains("\"virtual-size\": " + SIZE), info.output());
    }

    @Test
    void qemuIoWritesPatternsThatReadBackAtAssortedOffsetsAndSizes() throws Exception {
        // 512-aligned, unaligned to 4096, byte-unaligned (qemu read-modify-writes), large, and the last block.
        long[][] cases = {{0, 512}, {512, 1536}, {6144, 8192}, {20480, 4096}, {40_001, 3_333},
                {1 << 20, 4 << 20}, {SIZE - 4096, 4096}};
        List<String> commands = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        for (int i = 0; i < cases.length; i++) {
            String range = cases[i][0] + " " + cases[i][1];
            commands.addAll(List.of("-c", "write -P " + (0xa0 + i) + " " + range,
                    "-c", "read -P " + (0xa0 + i) + " " + range));
        }
        commands.add(uri("disk"));
        Result result = run(commands.toArray(String[]::new)).expectSuccess();
        assertFalse(result.output().contains("fail"), result.output());
        byte[] contents = disk.contents();
        for (int i = 0; i < cases.length; i++) {
            String done = cases[i][1] + "/" + cases[i][1] + " bytes at offset " + cases[i][0];
            assertTrue(result.output().contains("wrote " + done), result.output());
            assertTrue(result.output().contains("read " + done), result.output());
            assertFilled(contents, cases[i][0], (int) cases[i][1], 0xa0 + i);
        }
        assertFilled(contents, 512 + 1536, 6144 - 2048, 0);
    }

    @Test
    void nbdinfoListsEveryExport() throws Exception {
        Result list = run("nbdinfo", "--list", "nbd://127.0.0.1:" + server.port()).expectSuccess();
        for (String name : List.of("copy", "disk", "disk@snap")) {
            assertTrue(list.output().contains("export=\"" + name + "\":"), list.output());
        }
        assertTrue(list.output().contains("base:allocation"), list.output());
        assertTrue(list.output().contains("is_read_only: true"), list.output());
        assertTrue(list.output().contains("can_multi_conn: true"), list.output());
    }

    @Test
    void nbdinfoMapShowsTheHoleThatDiscardLeft() throws Exception {
        run("qemu-io", "-f", "raw", "-c", "write -P 0xcd 0 1M", "-c", "discard 256k 256k", uri("disk")).expectSuccess();
        Result map = run("nbdinfo", "--map", uri("disk")).expectSuccess();
        List<String> extents = map.output().lines().map(String::trim).map(line -> line.replaceAll("\\s+", " "))
                .toList();
        assertEquals(List.of("0 262144 0 data", "262144 262144 3 hole,zero", "524288 524288 0 data",
                "1048576 " + (SIZE - 1048576) + " 3 hole,zero"), extents);
        byte[] contents = disk.contents();
        assertFilled(contents, 0, 262144, 0xcd);
        assertFilled(contents, 262144, 262144, 0);
        assertFilled(contents, 524288, 524288, 0xcd);
    }

    @Test
    void qemuIoZeroesKeepOrDropTheAllocationAsAsked() throws Exception {
        run("qemu-io", "-f", "raw", "-c", "write -P 0x11 0 128k", "-c", "write -z 16k 16k", "-c", "write -z -u 64k 64k",
                "-c", "read -P 0 16k 16k", "-c", "read -P 0x11 32k 32k", "-c", "read -P 0 64k 64k", uri("disk"))
                .expectSuccess();
        byte[] contents = disk.contents();
        assertFilled(contents, 0, 16384, 0x11);
        assertFilled(contents, 16384, 16384, 0);
        assertFilled(contents, 32768, 32768, 0x11);
        assertFilled(contents, 65536, 65536, 0);
        // Zeroes without unmap (NO_HOLE) stay allocated; with unmap they became a hole.
        List<String> map = run("nbdinfo", "--map", uri("disk")).expectSuccess().output().lines()
                .map(line -> line.trim().replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("0 65536 0 data", "65536 " + (SIZE - 65536) + " 3 hole,zero"), map);
    }

    @Test
    void qemuImgConvertCopiesSparselyBothWays() throws Exception {
        Path source = work.resolve("source.raw");
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.write(random(3 << 20, 5));
            file.seek(32 << 20);
            file.write(random(1 << 20, 6));
            file.setLength(SIZE);
        }
        run("qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", source.toString(), uri("copy")).expectSuccess();
        assertArrayEquals(Files.readAllBytes(source), copy.contents());
        List<String> map = run("nbdinfo", "--map", uri("copy")).expectSuccess().output().lines()
                .map(line -> line.trim().replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("0 " + (3 << 20) + " 0 data", (3 << 20) + " " + (29 << 20) + " 3 hole,zero",
                (32 << 20) + " " + (1 << 20) + " 0 data", (33 << 20) + " " + (SIZE - (33 << 20)) + " 3 hole,zero"), map);

        Path target = work.resolve("target.raw");
        run("qemu-img", "convert", "-f", "raw", "-O", "raw", uri("copy"), target.toString()).expectSuccess();
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
        run("qemu-img", "compare", "-f", "raw", "-F", "raw", source.toString(), uri("copy")).expectSuccess();
    }

    @Test
    void nbdcopyCopiesTheDeviceToAFileAndBackOverSeveralConnections() throws Exception {
        disk.fill(0, random(3 << 20, 2));
        disk.fill(40 << 20, random(1 << 20, 3));
        disk.fill(SIZE - 12345, random(12345, 4));
        Path image = work.resolve("disk.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(SIZE);
        }
        run("nbdcopy", uri("disk"), image.toString()).expectSuccess();
        byte[] copied = Files.readAllBytes(image);
        assertArrayEquals(disk.contents(), copied);
        assertTrue(provider.peakOpenHandles() >= 2, "nbdcopy used multi-conn: " + provider.peakOpenHandles());

        run("nbdcopy", image.toString(), uri("copy")).expectSuccess();
        assertArrayEquals(copied, copy.contents());
    }

    @Test
    void fioRandomWritesVerifyWithCrc32c() throws Exception {
        Result fio = run("fio", "--name=verify", "--ioengine=nbd", "--uri=" + uri("disk"), "--rw=randwrite",
                "--bs=4k", "--verify=crc32c", "--size=16M", "--iodepth=8", "--output-format=terse").expectSuccess();
        assertFalse(fio.output().contains("verify: bad"), fio.output());
        String[] terse = fio.output().lines().filter(line -> line.startsWith("3;")).findFirst().orElseThrow().split(";");
        assertEquals("16384", terse[5], "KiB read back for verification");
        assertEquals(String.valueOf(16384), terse[46], "KiB written");
    }

    @Test
    void fioVerifiesWritesOfMixedSizesFromTwoConnectionsAtOnce() throws Exception {
        // Two jobs, each with its own connection and its own 16 MiB of the device.
        run("fio", "--name=mixed", "--ioengine=nbd", "--uri=" + uri("disk"), "--rw=randwrite", "--bsrange=512-64k",
                "--verify=crc32c", "--size=16M", "--offset_increment=32M", "--numjobs=2", "--iodepth=16",
                "--output-format=terse").expectSuccess();
        assertNotEquals(0, disk.mutations.get());
        assertTrue(provider.peakOpenHandles() >= 2, "connections at once: " + provider.peakOpenHandles());
        // fio hangs up without NBD_CMD_DISC; its connections still close their devices.
        Conditions.await("fio's device handles are closed", Duration.ofSeconds(30), () -> provider.openHandles() == 0);
    }

    @Test
    void readOnlyExportRefusesWrites() throws Exception {
        byte[] before = snapshot.contents();
        Result qemu = run("qemu-io", "-f", "raw", "-c", "write -P 0xab 0 4096", uri("disk@snap"));
        assertNotEquals(0, qemu.exitCode(), qemu.output());
        assertTrue(qemu.output().contains("Permission denied"), qemu.output());
        // libnbd without its own checks sends the write, and the server answers EPERM.
        Result nbdsh = run("nbdsh", "-u", uri("disk@snap"), "-c", "h.set_strict_mode(0)", "-c", """
                try:
                    h.pwrite(b"x" * 4096, 0)
                    print("write accepted")
                except nbd.Error as e:
                    print("write refused:", e.errno)
                try:
                    h.trim(4096, 0)
                    print("trim accepted")
                except nbd.Error as e:
                    print("trim refused:", e.errno)
                """).expectSuccess();
        assertTrue(nbdsh.output().contains("write refused: EPERM"), nbdsh.output());
        assertTrue(nbdsh.output().contains("trim refused: EPERM"), nbdsh.output());
        assertArrayEquals(before, snapshot.contents());
        assertEquals(0, snapshot.mutations.get());
    }

    @Test
    void readBeyondTheEndGetsAnError() throws Exception {
        Result nbdsh = run("nbdsh", "-u", uri("disk"), "-c", "h.set_strict_mode(0)", "-c", """
                size = h.get_size()
                try:
                    h.pread(1024, size - 512)
                    print("read accepted")
                except nbd.Error as e:
                    print("read refused:", e.errno)
                try:
                    h.pwrite(b"y" * 1024, size - 512)
                    print("write accepted")
                except nbd.Error as e:
                    print("write refused:", e.errno)
                print("last block:", len(h.pread(512, size - 512)))
                """).expectSuccess();
        assertTrue(nbdsh.output().contains("read refused: EINVAL"), nbdsh.output());
        assertTrue(nbdsh.output().contains("write refused: ENOSPC"), nbdsh.output());
        assertTrue(nbdsh.output().contains("last block: 512"), nbdsh.output());
        assertEquals(0, disk.mutations.get());
        Result qemu = run("qemu-io", "-f", "raw", "-c", "read " + SIZE + " 512", uri("disk"));
        assertTrue(qemu.output().contains("read failed"), qemu.output());
        assertArrayEquals(new byte[4096], Arrays.copyOfRange(disk.contents(), SIZE - 4096, SIZE));
    }
}
