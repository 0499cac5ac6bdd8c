package io.granary.benchmark;

import io.granary.launcher.GranaryConfig;
import io.granary.launcher.LocalCloud;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The block benchmark program: fio's {@code nbd} engine against a volume of this installation's
 * block service and, in the same run, against qemu-nbd serving a raw file on the local disk of the
 * same size. Both are written fully once first (so reads hit data, not holes); then each job (4 KiB
 * random read and write, 1 MiB sequential read and write, iodepth 16, one connection) runs against
 * both, the order alternating from job to job so a drift of the machine hits both alike. It prints
 * IOPS, MB/s and completion latency p50/p99 of each, the ratio ours / qemu-nbd against the targets
 * of issue 4, where the machine's CPU went during each run, and the command that repeats the run.
 *
 * <p>It starts a local cloud of its own (the embedded storage tier in a child JVM, the services,
 * NBD server included, in this one, every port chosen by the system) on a fresh data directory
 * under {@code benchmark/target/}, and deletes the volume, the raw file and that directory (but its
 * logs) at the end. Needs {@code fio} (with the nbd engine) and {@code qemu-nbd} on the PATH.
 * Exit status: 0 with figures, 1 if a tool or the cloud failed, 2 for a wrong command line. Run it
 * with {@code ./scripts/benchmark nbd}.
 */
public final class NbdBenchmark {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String OURS = "granary";
    private static final String QEMU = "qemu-nbd";

    private final NbdBenchmarkOptions options;
    private final Path home;
    private final PrintStream out;

    private NbdBenchmark(NbdBenchmarkOptions options, Path home, PrintStream out) {
        this.options = options;
        this.home = home;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return BenchmarkRun.main("benchmark nbd", NbdBenchmarkOptions.USAGE, args, out, err, NbdBenchmarkOptions::parse,
                (options, home, output) -> new NbdBenchmark(options, home, output).execute());
    }

    /** One timed fio job against one target, with the CPU time the processes spent during it. */
    record Measured(FioJob job, String target, FioFigures figures, double seconds, CpuMeter.Spent cpu,
            double toolSeconds) {
    }

    private void execute() throws IOException, BenchmarkFailure {
        String run = BenchmarkRun.newId();
        boolean freshData = options.data() == null;
        Path data = BenchmarkRun.dataDirectory(home, options.data());
        Path logs = data.resolve("logs");
        BenchmarkRun.logTo(logs.resolve("benchmark.log"));
        Path fioLogs = Files.createDirectories(logs.resolve("fio-" + run));

        out.println("Granary block benchmark: a volume over NBD against qemu-nbd on a raw file, fio's nbd engine, same run");
        out.println("machine: " + BenchmarkRun.machine());
        out.println("tools: " + firstLine("fio", "--version") + "; " + firstLine("qemu-nbd", "--version"));
        out.printf(Locale.ROOT, "workload: volume and raw file of %s; jobs %s; iodepth %d, one job, %d s each after a"
                + " %d s ramp%n", ByteSize.format(options.size()), jobNames(), Fio.IO_DEPTH, options.runtime(),
                Fio.RAMP_SECONDS);
        out.println("logs: " + logs);
        out.flush();

        String volume = "bench-" + run;
        Path raw = data.resolve("disk-" + run + ".raw");
        LocalCloud cloud = null;
        QemuNbd qemu = null;
        boolean volumeCreated = false;
        BenchmarkFailure failure = null;
        try {
            GranaryConfig config = GranaryConfig.load(home.resolve("conf")).with(GranaryConfig.S3_PORT, "0")
                    .with(GranaryConfig.NBD_PORT, "0").with(GranaryConfig.ADMIN_PORT, "0");
            out.println("starting a local cloud (storage tier JVM + services in this JVM) in " + data + " ...");
            out.flush();
            long starting = System.nanoTime();
            cloud = LocalCloud.start(home, data, config, START_TIMEOUT);
            out.printf(Locale.ROOT, "local cloud ready in %.1f s: nbd=%s hdfs=%s%n", (System.nanoTime() - starting) / 1e9,
                    cloud.services().nbdEndpoint(), cloud.storage().hdfsUri());

            cloud.services().volumes().create(volume, options.size());
            volumeCreated = true;
            String ours = cloud.services().nbdEndpoint() + "/" + volume;
            out.println("volume " + volume + " (" + ByteSize.format(options.size()) + "): " + ours);

            try (RandomAccessFile file = new RandomAccessFile(raw.toFile(), "rw")) {
                file.setLength(options.size());
            }
            qemu = QemuNbd.start(raw, logs.resolve("qemu-nbd-" + run + ".log"));
            out.println("raw file " + raw.getFileName() + " served by " + qemu.command() + " (pid " + qemu.pid() + "): "
                    + qemu.uri());
            out.flush();

            CpuMeter cpu = new CpuMeter(cloud.storage().pid(), Set.of(qemu.pid()));
            Fio fio = new Fio(fioLogs);
            precondition(fio, OURS, ours);
            precondition(fio, QEMU, qemu.uri());
            List<Measured> measured = new ArrayList<>();
            StreamRun stream = null;
            for (int i = 0; i < options.jobs().size(); i++) {
                FioJob job = options.jobs().get(i);
                if (job == FioJob.WRITE) {
                    // Just before the job it bounds, so that it meets the machine in the same state.
                    stream = measureHdfsStream(cpu, cloud.storage().hdfsUri(), run, config.hdfsReplication().orElse(1));
                }
                boolean oursFirst = i % 2 == 0;
                measured.add(measure(fio, cpu, job, oursFirst ? OURS : QEMU, oursFirst ? ours : qemu.uri()));
                measured.add(measure(fio, cpu, job, oursFirst ? QEMU : OURS, oursFirst ? qemu.uri() : ours));
            }
            report(measured, stream);
        } catch (BenchmarkFailure e) {
            failure = e;
        } finally {
            if (qemu != null) {
                qemu.close();
                out.println("clean-up: qemu-nbd (pid " + qemu.pid() + ") stopped");
            }
            if (volumeCreated) {
                try {
                    cloud.services().volumes().delete(volume);
                    out.println("clean-up: volume " + volume + " deleted");
                } catch (IOException | RuntimeException e) {
                    BenchmarkFailure cleanUp = new BenchmarkFailure("clean-up: deleting volume " + volume + " failed: " + e, e);
                    if (failure == null) {
                        failure = cleanUp;
                    } else {
                        failure.addSuppressed(cleanUp);
                    }
                }
            }
            if (Files.deleteIfExists(raw)) {
                out.println("clean-up: raw file " + raw.getFileName() + " deleted");
            }
            if (cloud != null) {
                out.println("stopping the local cloud ...");
                out.flush();
                cloud.close();
                out.println("local cloud stopped.");
            }
            if (freshData) {
                BenchmarkRun.deleteAllButLogs(data, out);
            }
            out.flush();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void precondition(Fio fio, String target, String uri) throws IOException, BenchmarkFailure {
        progress("precondition, %s: 1M sequential write of all %s ...", target, ByteSize.format(options.size()));
        long started = System.nanoTime();
        // At least 1 MB/s, or something is wrong.
        Duration timeout = Duration.ofMinutes(2).plusSeconds(options.size() / 1_000_000);
        FioFigures figures = fio.precondition("precondition-" + target, uri, options.size(), timeout);
        progress("  written in %.1f s, %.1f MB/s", (System.nanoTime() - started) / 1e9, figures.megabytesPerSecond());
    }

    private Measured measure(Fio fio, CpuMeter cpu, FioJob job, String target, String uri)
            throws IOException, BenchmarkFailure {
        progress("%s, %s: fio --rw=%s --bs=%s for %d s ...", job.label(), target, job.rw(), job.blockSize(),
                options.runtime());
        CpuMeter.Sample before = cpu.sample();
        long toolsBefore = cpu.toolNanos();
        long started = System.nanoTime();
        FioFigures figures = fio.run(job.rw() + "-" + target, uri, job, options.size(), options.runtime());
        double seconds = (System.nanoTime() - started) / 1e9;
        long toolsAfter = cpu.toolNanos();
        CpuMeter.Sample after = cpu.sample();
        progress("  %.0f IOPS, %.1f MB/s, p50 %.2f ms, p99 %.2f ms", figures.iops(), figures.megabytesPerSecond(),
                figures.p50Millis(), figures.p99Millis());
        return new Measured(job, target, figures, seconds, CpuMeter.Spent.between(before, after),
                toolsBefore < 0 || toolsAfter < 0 ? -1 : (toolsAfter - toolsBefore) / 1e9);
    }

    /** The HDFS stream baseline's figures, with the CPU time spent during it. */
    record StreamRun(HdfsStreamWrite.Figures figures, CpuMeter.Spent cpu) {
    }

    private StreamRun measureHdfsStream(CpuMeter cpu, String hdfsUri, String run, int replication)
            throws IOException {
        progress("1M sequential write, HDFS itself: one plain client stream for %d s ...", options.runtime());
        CpuMeter.Sample before = cpu.sample();
        HdfsStreamWrite.Figures figures = HdfsStreamWrite.run(URI.create(hdfsUri), run, replication,
                options.runtime());
        CpuMeter.Sample after = cpu.sample();
        progress("  %.1f MB/s", figures.megabytesPerSecond());
        return new StreamRun(figures, CpuMeter.Spent.between(before, after));
    }

    private void reportStream(List<Measured> measured, StreamRun stream) {
        FioFigures ours = find(measured, FioJob.WRITE, OURS).figures();
        out.printf(Locale.ROOT, "HDFS itself, the ceiling of a volume's sequential writes: one plain HDFS client stream"
                + " writing 1 MiB buffers into files of %s, each synced and closed when full (as a volume's segments"
                + " are), with the services' client settings, for %d s: %.1f MB/s (this JVM %s s of CPU, storage"
                + " %s s).%n", ByteSize.format(HdfsStreamWrite.FILE_BYTES), options.runtime(),
                stream.figures().megabytesPerSecond(), seconds(stream.cpu().self()), seconds(stream.cpu().storage()));
        out.printf(Locale.ROOT, "1M sequential write, granary / HDFS itself: %.2f%n",
                ours.megabytesPerSecond() / stream.figures().megabytesPerSecond());
        out.println();
    }

    private void report(List<Measured> measured, StreamRun stream) {
        out.println();
        out.println("fio: --ioengine=nbd --iodepth=" + Fio.IO_DEPTH + " --numjobs=1 --time_based --runtime="
                + options.runtime() + " --ramp_time=" + Fio.RAMP_SECONDS + " --size=" + options.size()
                + "; IOPS and MB/s (10^6 bytes/s) over the runtime, latency: completion latency (clat) percentiles.");
        out.println("No job asks for FLUSH or FUA: qemu-nbd's writes land in the page cache (writeback), ours are"
                + " appended to the volume's HDFS segment without hsync.");
        out.println();
        out.printf(Locale.ROOT, "%-22s %-9s %10s %9s %9s %9s%n", "job", "target", "IOPS", "MB/s", "p50 ms", "p99 ms");
        for (FioJob job : options.jobs()) {
            for (String target : List.of(OURS, QEMU)) {
                FioFigures f = find(measured, job, target).figures();
                out.printf(Locale.ROOT, "%-22s %-9s %10.0f %9.1f %9.3f %9.3f%n", job.label(), target, f.iops(),
                        f.megabytesPerSecond(), f.p50Millis(), f.p99Millis());
            }
        }
        out.println();
        out.printf(Locale.ROOT, "%-22s %8s %8s %8s %8s %8s  %s%n", "granary / qemu-nbd", "IOPS", "MB/s", "p50", "p99",
                "target", "");
        for (FioJob job : options.jobs()) {
            FioFigures ours = find(measured, job, OURS).figures();
            FioFigures theirs = find(measured, job, QEMU).figures();
            double ratio = ours.iops() / theirs.iops();
            out.printf(Locale.ROOT, "%-22s %8.2f %8.2f %8.2f %8.2f %7.1fx  %s%n", job.label(), ratio,
                    ours.bytesPerSecond() / theirs.bytesPerSecond(), ours.p50Millis() / theirs.p50Millis(),
                    ours.p99Millis() / theirs.p99Millis(), job.target(), ratio >= job.target() ? "met" : "NOT MET");
        }
        out.println("(IOPS, MB/s: above 1 means granary is faster; p50, p99 latency: above 1 means it is slower;"
                + " target: the least IOPS ratio asked for.)");
        out.println();
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "Where the machine's CPU time went during each run, in seconds (capacity: %d cores x the"
                + " run's seconds)%n", cores);
        out.printf(Locale.ROOT, "%-32s %8s %9s %8s %8s %8s %8s %8s %8s %7s%n", "run", "seconds", "this JVM", "storage",
                "tools", "kernel", "others", "irq", "steal", "busy %");
        double worst = 0;
        for (Measured run : measured) {
            CpuMeter.Spent cpu = run.cpu();
            double busy = cpu.machineBusy() < 0 ? -1 : 100 * (cpu.machineBusy() + cpu.interrupts()) / (cores * run.seconds());
            out.printf(Locale.ROOT, "%-32s %8.2f %9s %8s %8s %8s %8s %8s %8s %7s%n", run.job().label() + ", " + run.target(),
                    run.seconds(), seconds(cpu.self()), seconds(cpu.storage()), seconds(run.toolSeconds()),
                    seconds(cpu.kernelThreads()), seconds(cpu.otherProcesses()), seconds(cpu.interrupts()),
                    seconds(cpu.steal()), busy < 0 ? "?" : String.format(Locale.ROOT, "%.0f", busy));
            worst = Math.max(worst, Math.max(cpu.otherProcesses(), cpu.steal()) / (cores * run.seconds()));
        }
        out.println("(seconds: fio's wall clock including its start and ramp; this JVM: the NBD server, volume engine"
                + " and its HDFS and HBase clients; storage: the embedded tier's JVM (NameNode, DataNode, HBase,"
                + " ZooKeeper); tools: fio and qemu-nbd; kernel: kernel threads such as block I/O and journal commits;"
                + " others: every other process; irq: interrupt handling, loopback networking included; steal: taken"
                + " by the hypervisor.)");
        BenchmarkRun.warnIfDisturbed(out, worst, "run");
        out.println();
        if (stream != null) {
            reportStream(measured, stream);
        }
        out.println("Reproduce: " + options.reproduceCommand());
        out.println();
        out.flush();
    }

    private static Measured find(List<Measured> measured, FioJob job, String target) {
        return measured.stream().filter(m -> m.job() == job && m.target().equals(target)).findFirst().orElseThrow();
    }

    private static String seconds(double value) {
        return value < 0 ? "?" : String.format(Locale.ROOT, "%.2f", value);
    }

    private String jobNames() {
        List<String> names = new ArrayList<>();
        for (FioJob job : options.jobs()) {
            names.add(job.label());
        }
        return String.join(", ", names);
    }

    private void progress(String format, Object... arguments) {
        out.printf(Locale.ROOT, format + "%n", arguments);
        out.flush();
    }

    /** The first line a short command prints, or why there is none. */
    private static String firstLine(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return output.lines().findFirst().orElse(command[0] + ": no output").trim();
        } catch (IOException e) {
            return command[0] + ": not found (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return command[0] + ": interrupted";
        }
    }
}
