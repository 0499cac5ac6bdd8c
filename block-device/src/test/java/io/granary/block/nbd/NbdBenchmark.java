package io.granary.block.nbd;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Prints fio's figures (nbd engine) for this server over an in-memory device next to qemu-nbd over
 * a sparse raw file of the same size, job by job, on the same machine in the same run.
 *
 * <p>Usage: {@code NbdBenchmark [seconds per job, default 10] [device MiB, default 256]}. Needs
 * fio and qemu-nbd on the PATH. Client and servers share the machine's CPUs: the figures compare
 * the two servers, they are not a ceiling.
 */
public final class NbdBenchmark {
    private record Job(String name, String rw, String blockSize) {
    }

    private static final List<Job> JOBS = List.of(new Job("4k random read", "randread", "4k"),
            new Job("4k random write", "randwrite", "4k"), new Job("1M sequential read", "read", "1M"),
            new Job("1M sequential write", "write", "1M"));

    private NbdBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long sizeMiB = args.length > 1 ? Long.parseLong(args[1]) : 256;
        long size = sizeMiB << 20;
        Path work = Files.createTempDirectory("nbd-benchmark");
        InMemoryDeviceProvider provider = new InMemoryDeviceProvider();
        provider.add("disk", size, false);
        Path raw = work.resolve("disk.raw");
        try (RandomAccessFile file = new RandomAccessFile(raw.toFile(), "rw")) {
            file.setLength(size);
        }
        int qemuPort = freePort();
        Process qemu = new ProcessBuilder("qemu-nbd", "-b", "127.0.0.1", "-p", String.valueOf(qemuPort), "-x", "disk",
                "-f", "raw", "-t", "--shared=8", raw.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("qemu-nbd.log").toFile()).start();
        try (NbdServer server = new NbdServer(provider)) {
            server.start();
            awaitListening(qemuPort, Duration.ofSeconds(20));
            String ours = "nbd://127.0.0.1:" + server.port() + "/disk";
            String theirs = "nbd://127.0.0.1:" + qemuPort + "/disk";
            System.out.printf(Locale.ROOT, "fio --ioengine=nbd --iodepth=16, %d s per job after a 2 s ramp, %d MiB device%n",
                    seconds, sizeMiB);
            System.out.printf(Locale.ROOT, "%-22s %14s %12s %14s %12s %8s%n", "job", "granary IOPS", "MB/s",
                    "qemu-nbd IOPS", "MB/s", "ratio");
            for (Job job : JOBS) {
                double[] granary = fio(work, ours, job, seconds, sizeMiB);
                double[] qemuNbd = fio(work, theirs, job, seconds, sizeMiB);
                System.out.printf(Locale.ROOT, "%-22s %14.0f %12.1f %14.0f %12.1f %8.2f%n", job.name(), granary[0],
                        granary[1], qemuNbd[0], qemuNbd[1], granary[0] / qemuNbd[0]);
            }
        } finally {
            qemu.destroy();
            if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
                qemu.destroyForcibly();
            }
            Files.deleteIfExists(raw);
        }
    }

    /** IOPS and MB/s of one fio job (reads or writes, as the job does). */
    private static double[] fio(Path work, String uri, Job job, int seconds, long sizeMiB) throws Exception {
        ExternalClient.Result result = ExternalClient.run(work, Duration.ofSeconds(seconds + 120L), "fio",
                "--name=" + job.rw(), "--ioengine=nbd", "--uri=" + uri, "--rw=" + job.rw(), "--bs=" + job.blockSize(),
                "--iodepth=16", "--numjobs=1", "--size=" + sizeMiB + "M", "--runtime=" + seconds, "--time_based",
                "--ramp_time=2", "--output-format=terse");
        if (result.exitCode() != 0) {
            throw new IOException("fio failed on " + uri + ":\n" + result.output());
        }
        String[] terse = result.output().lines().filter(line -> line.startsWith("3;")).findFirst()
                .orElseThrow(() -> new IOException("no terse line from fio:\n" + result.output())).split(";");
        // Terse format 3: read bandwidth (KiB/s) and IOPS are fields 7 and 8, write's 48 and 49.
        boolean reads = job.rw().contains("read");
        double kibPerSecond = Double.parseDouble(terse[reads ? 6 : 47]);
        double iops = Double.parseDouble(terse[reads ? 7 : 48]);
        return new double[] {iops, kibPerSecond * 1024 / 1e6};
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("qemu-nbd is not listening on " + port, e);
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }
}
