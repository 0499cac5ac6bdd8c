package io.granary.benchmark;

import io.granary.benchmark.BenchmarkFailure.VerificationException;
import io.granary.benchmark.PhaseRunner.Scratch;
import io.granary.core.auth.AccessKey;
import io.granary.launcher.GranaryConfig;
import io.granary.launcher.LocalCloud;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark program: PUTs then GETs N objects of one size through the S3 gateway with K
 * threads (AWS SDK for Java v2), then, in the same process and against the same HDFS, writes and
 * reads the same bytes as N files with the plain HDFS client and the same K threads, and prints
 * ops/s, MiB/s and latency percentiles of each phase and the ratio gateway/HDFS.
 *
 * <p>By default it starts a local cloud of its own (the embedded storage tier in a child JVM, the
 * services in this one) on a fresh data directory under {@code benchmark/target/}; with
 * {@code --endpoint … --hdfs …} it measures a running one. Everything it wrote is deleted at the end.
 * Exit status: 0 with figures; 1 if a request failed, a read returned other bytes than were written
 * or clean-up failed; 2 for a wrong command line. The installation's home directory comes from the
 * {@code granary.home} system property. Run it with {@code ./scripts/benchmark}.
 */
public final class S3Benchmark {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String TIMED_PREFIX = "obj-";
    private static final String WARMUP_PREFIX = "warmup-";
    /** Bytes each digest speed is measured over (after as many untimed). */
    private static final int DIGEST_SAMPLE_MIB = 128;

    private final BenchmarkOptions options;
    private final Path home;
    private final PrintStream out;

    private S3Benchmark(BenchmarkOptions options, Path home, PrintStream out) {
        this.options = options;
        this.home = home;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return BenchmarkRun.main("benchmark", BenchmarkOptions.USAGE, args, out, err, BenchmarkOptions::parse,
                (options, home, output) -> new S3Benchmark(options, home, output).execute());
    }

    private void execute() throws IOException, BenchmarkFailure {
        String run = BenchmarkRun.newId();
        boolean freshData = options.data() == null;
        Path data = BenchmarkRun.dataDirectory(home, options.data());
        BenchmarkRun.logTo(data.resolve("logs").resolve("benchmark.log"));

        out.println("Granary S3 benchmark: gateway (AWS SDK for Java v2) against the plain HDFS client, same run");
        out.println("machine: " + BenchmarkRun.machine());
        out.printf(Locale.ROOT, "workload: %d objects of %s (%d bytes), %d threads per side, payload seed %d%n",
                options.objects(), ByteSize.format(options.size()), options.size(), options.threads(), options.seed());
        out.println("logs: " + data.resolve("logs"));
        out.println("digest speed of one thread here, MiB/s: " + digestRates());
        out.flush();

        LocalCloud cloud = null;
        try {
            URI endpoint;
            URI hdfsUri;
            String accessKey;
            String secretKey;
            String gatewayRoot = null;
            Integer packThreshold = null;
            if (options.external() == null) {
                GranaryConfig config = GranaryConfig.load(home.resolve("conf")).with(GranaryConfig.S3_PORT, "0")
                        .with(GranaryConfig.NBD_PORT, "0").with(GranaryConfig.ADMIN_PORT, "0");
                out.println("starting a local cloud (storage tier JVM + services in this JVM) in " + data + " ...");
                out.flush();
                long starting = System.nanoTime();
                cloud = LocalCloud.start(home, data, config, START_TIMEOUT);
                endpoint = cloud.services().s3Endpoint();
                hdfsUri = URI.create(cloud.storage().hdfsUri());
                AccessKey admin = cloud.adminKey();
                accessKey = admin.accessKeyId();
                secretKey = admin.secretKey();
                gatewayRoot = config.hdfsRoot();
                packThreshold = config.blobStore().packThreshold();
                out.printf(Locale.ROOT, "local cloud ready in %.1f s: s3=%s hdfs=%s%n",
                        (System.nanoTime() - starting) / 1e9, endpoint, hdfsUri);
            } else {
                endpoint = options.external().endpoint();
                hdfsUri = options.external().hdfs();
                accessKey = options.external().accessKey();
                secretKey = options.external().secretKey();
                out.printf("running cloud: s3=%s hdfs=%s%n", endpoint, hdfsUri);
            }
            CpuMeter cpu = new CpuMeter(cloud == null ? -1 : cloud.storage().pid());
            try (S3Target gateway = S3Target.open(endpoint, accessKey, secretKey, options.threads(), "granary-bench-" + run)) {
                HdfsTarget hdfs;
                try {
                    // The local cloud's services read blocks from the DataNode's disk: so does the baseline.
                    hdfs = HdfsTarget.open(hdfsUri, run, cloud != null);
                } catch (IOException | RuntimeException e) {
                    cleanUp("gateway", gateway, null);
                    throw e;
                }
                try (hdfs) {
                    measure(gateway, hdfs, cpu, gatewayRoot, packThreshold, cloud != null);
                }
            }
        } finally {
            if (cloud != null) {
                out.println("stopping the local cloud ...");
                out.flush();
                cloud.close();
                out.println("local cloud stopped.");
            }
            if (freshData) {
                BenchmarkRun.deleteAllButLogs(data, out);
            }
        }
    }

    /** A timed phase with the CPU time the processes spent during it. */
    private record Measured(PhaseResult result, CpuMeter.Spent cpu) {
    }

    private void measure(S3Target gateway, HdfsTarget hdfs, CpuMeter cpu, String gatewayRoot, Integer packThreshold,
            boolean localReads)
            throws IOException, BenchmarkFailure {
        List<Measured> phases = new ArrayList<>();
        double[] hdfsCalls = new double[HdfsTarget.Call.values().length];
        BenchmarkFailure failure = null;
        boolean measured = false;
        Set<Short> gatewayReplication = Set.of();
        Set<Short> hdfsReplication = Set.of();
        try {
            progress("gateway: bucket %s", gateway.bucket());
            writeThenRead(gateway, cpu, "gateway warm-up PUT", "gateway warm-up GET", WARMUP_PREFIX, options.warmup(),
                    options.objects());
            phases.addAll(writeThenRead(gateway, cpu, "gateway PutObject", "gateway GetObject", TIMED_PREFIX,
                    options.objects(), 0));

            progress("HDFS: directory %s", hdfs.directory());
            writeThenRead(hdfs, cpu, "HDFS warm-up write", "HDFS warm-up read", WARMUP_PREFIX, options.warmup(),
                    options.objects());
            hdfs.resetCallTimes();
            phases.addAll(writeThenRead(hdfs, cpu, "HDFS create+hsync", "HDFS open+read", TIMED_PREFIX,
                    options.objects(), 0));
            for (HdfsTarget.Call call : HdfsTarget.Call.values()) {
                hdfsCalls[call.ordinal()] = hdfs.callSeconds(call);
            }

            if (gatewayRoot != null) {
                gatewayReplication = hdfs.replicationUnder(gatewayRoot);
            }
            hdfsReplication = hdfs.replicationUnder(hdfs.directory().toString());
            measured = true;
        } catch (BenchmarkFailure e) {
            failure = e;
        } finally {
            if (measured) {
                report(phases, gateway, packThreshold, gatewayReplication, hdfsReplication, hdfsCalls, localReads);
            }
            failure = cleanUp("gateway", gateway, failure);
            failure = cleanUp("HDFS", hdfs, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Writes {@code count} payloads under {@code prefix}, then reads each back and verifies it. */
    private List<Measured> writeThenRead(Target target, CpuMeter cpu, String writePhase, String readPhase,
            String prefix, int count, long firstPayload) throws BenchmarkFailure {
        if (count == 0) {
            return List.of();
        }
        int size = options.size();
        long seed = options.seed();
        long[] written = new long[count];
        progress("  %s x %d ...", writePhase, count);
        CpuMeter.Sample beforeWrites = cpu.sample();
        PhaseResult writes = PhaseRunner.run(writePhase, count, size, options.threads(), new PhaseRunner.Operation() {
            @Override
            public void prepare(int index, Scratch scratch) {
                Payload.fill(seed, firstPayload + index, scratch.payload(), size);
                written[index] = Payload.crc32c(scratch.payload(), size);
            }

            @Override
            public void perform(int index, Scratch scratch) throws IOException {
                target.write(name(prefix, index), scratch.payload(), size);
            }
        });
        progress("  %s x %d ...", readPhase, count);
        CpuMeter.Sample beforeReads = cpu.sample();
        PhaseResult reads = PhaseRunner.run(readPhase, count, size, options.threads(), (index, scratch) -> {
            scratch.crc.reset();
            long read = target.read(name(prefix, index), scratch.readBuffer(), scratch.crc);
            long crc = scratch.crc.getValue();
            if (read != size || crc != written[index]) {
                throw new VerificationException(String.format(Locale.ROOT,
                        "%s read back %d bytes with CRC32C %08x; %d bytes with CRC32C %08x were written",
                        name(prefix, index), read, crc, size, written[index]));
            }
        });
        CpuMeter.Sample afterReads = cpu.sample();
        return List.of(new Measured(writes, CpuMeter.Spent.between(beforeWrites, beforeReads)),
                new Measured(reads, CpuMeter.Spent.between(beforeReads, afterReads)));
    }

    private void report(List<Measured> measured, S3Target gateway, Integer packThreshold,
            Set<Short> gatewayReplication, Set<Short> hdfsReplication, double[] hdfsCalls, boolean localReads) {
        List<PhaseResult> phases = measured.stream().map(Measured::result).toList();
        out.println();
        out.println("Every figure is measured from " + options.objects() + " operations per phase; the "
                + options.warmup() + " warm-up pairs per side before them are not counted.");
        out.println("Latency: one request (PUT or GET including reading every byte of the body), timed with"
                + " System.nanoTime; ops/s and MiB/s: operations over the phase's wall-clock time.");
        out.println("Durability: both sides hsync before they acknowledge a write. The gateway hsyncs the"
                + " object's bytes, then commits one HBase row; " + packing(packThreshold));
        out.println("The baseline calls hsync() then close() on each file. Reads are verified byte count + CRC32C"
                + " on both sides.");
        out.println("SDK PutObject request: " + gateway.putHeaders().orElse("(not seen)"));
        if (!gatewayReplication.isEmpty()) {
            out.println("HDFS reads of blocks on this machine: " + (localReads
                    ? "from the DataNode's disk (short-circuit), both sides" : "through the DataNode, both sides"));
            out.println("HDFS replication factor of the files: gateway " + gatewayReplication + ", baseline "
                    + hdfsReplication);
        }
        out.printf(Locale.ROOT, "Payload generation + CRC32C (untimed per request, inside the write phases' wall"
                + " clock): %.2f s of thread time on the gateway side, %.2f s on the HDFS side.%n",
                phases.get(0).preparationSeconds(), phases.get(2).preparationSeconds());
        out.println();
        Report.phases(out, phases);
        out.println();
        Report.ratios(out, List.of(
                new PhaseResult[] {phases.get(0), phases.get(2)},
                new PhaseResult[] {phases.get(1), phases.get(3)}));
        out.println("(ops/s, MiB/s: above 1 means the gateway is faster; p50, p99 latency: above 1 means it is slower.)");
        out.println();
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "Where the machine's CPU time went during each phase, in seconds (capacity: %d cores x the"
                + " phase's seconds)%n", cores);
        out.printf(Locale.ROOT, "%-24s %8s %9s %8s %8s %8s %8s %8s %7s%n",
                "phase", "seconds", "this JVM", "storage", "kernel", "others", "irq", "steal", "busy %");
        for (Measured phase : measured) {
            CpuMeter.Spent cpu = phase.cpu();
            double wall = phase.result().seconds();
            double busy = cpu.machineBusy() < 0 ? -1 : 100 * (cpu.machineBusy() + cpu.interrupts()) / (cores * wall);
            out.printf(Locale.ROOT, "%-24s %8.2f %9s %8s %8s %8s %8s %8s %7s%n", phase.result().name(), wall,
                    seconds(cpu.self()), seconds(cpu.storage()), seconds(cpu.kernelThreads()),
                    seconds(cpu.otherProcesses()), seconds(cpu.interrupts()), seconds(cpu.steal()),
                    busy < 0 ? "?" : String.format(Locale.ROOT, "%.0f", busy));
        }
        out.println("(this JVM: the SDK client, the gateway with its HBase and HDFS clients, the baseline's HDFS"
                + " client; storage: the embedded tier's JVM (NameNode, DataNode, HBase, ZooKeeper); kernel:"
                + " kernel threads such as block I/O and journal commits; others: every other process; irq:"
                + " interrupt handling, loopback networking included; steal: taken by the hypervisor.)");
        // A running cloud's gateway and storage are other processes here, so only steal can tell.
        boolean external = options.external() != null;
        if (external) {
            out.println("(A running cloud was measured: its own processes on this machine count as 'others'.)");
        }
        double worst = measured.stream()
                .mapToDouble(phase -> Math.max(external ? 0 : phase.cpu().otherProcesses(), phase.cpu().steal())
                        / (cores * phase.result().seconds()))
                .max().orElse(0);
        BenchmarkRun.warnIfDisturbed(out, worst, "phase");
        out.println();
        double write = hdfsCalls[HdfsTarget.Call.CREATE.ordinal()] + hdfsCalls[HdfsTarget.Call.WRITE.ordinal()]
                + hdfsCalls[HdfsTarget.Call.HSYNC.ordinal()] + hdfsCalls[HdfsTarget.Call.CLOSE.ordinal()];
        double read = hdfsCalls[HdfsTarget.Call.OPEN.ordinal()] + hdfsCalls[HdfsTarget.Call.READ.ordinal()];
        out.printf(Locale.ROOT, "HDFS baseline, share of its request time by client call: create %.0f%%, write %.0f%%,"
                + " hsync %.0f%%, close %.0f%%; open %.0f%%, read %.0f%%.%n",
                share(hdfsCalls, HdfsTarget.Call.CREATE, write), share(hdfsCalls, HdfsTarget.Call.WRITE, write),
                share(hdfsCalls, HdfsTarget.Call.HSYNC, write), share(hdfsCalls, HdfsTarget.Call.CLOSE, write),
                share(hdfsCalls, HdfsTarget.Call.OPEN, read), share(hdfsCalls, HdfsTarget.Call.READ, read));
        out.println();
        out.println("Reproduce: " + options.reproduceCommand());
        out.println();
        out.flush();
    }

    private static double share(double[] calls, HdfsTarget.Call call, double total) {
        return total <= 0 ? 0 : 100 * calls[call.ordinal()] / total;
    }

    private static String seconds(double value) {
        return value < 0 ? "?" : String.format(Locale.ROOT, "%.2f", value);
    }

    private String packing(Integer packThreshold) {
        if (packThreshold == null) {
            return "objects up to the gateway's pack threshold (1 MiB by default) share pack files and their"
                    + " hsyncs (group commit), larger ones get a file of their own.";
        }
        if (options.size() <= packThreshold) {
            return "objects of this size (up to the pack threshold of " + ByteSize.format(packThreshold)
                    + ") are appended to a shared pack file, many PUTs per hsync (group commit).";
        }
        return "objects of this size (above the pack threshold of " + ByteSize.format(packThreshold)
                + ") are streamed to a file of their own, hsynced and closed, like the baseline's.";
    }

    private BenchmarkFailure cleanUp(String side, Target target, BenchmarkFailure failure) {
        try {
            out.println("clean-up, " + side + ": " + target.cleanUp(options.threads()));
            out.flush();
            return failure;
        } catch (IOException | RuntimeException | BenchmarkFailure e) {
            BenchmarkFailure cleanUpFailure = new BenchmarkFailure("clean-up of the " + side + " side failed: " + e, e);
            if (failure == null) {
                return cleanUpFailure;
            }
            failure.addSuppressed(cleanUpFailure);
            return failure;
        }
    }

    private void progress(String format, Object... arguments) {
        out.printf(Locale.ROOT, format + "%n", arguments);
        out.flush();
    }

    private static String name(String prefix, int index) {
        return String.format(Locale.ROOT, "%s%07d", prefix, index);
    }

    private static String digestRates() {
        StringBuilder rates = new StringBuilder();
        DigestRates.measure(DIGEST_SAMPLE_MIB).forEach((algorithm, rate) -> rates.append(rates.length() == 0 ? "" : ", ")
                .append(algorithm).append(' ').append(String.format(Locale.ROOT, "%.0f", rate)));
        return rates.toString();
    }
}
