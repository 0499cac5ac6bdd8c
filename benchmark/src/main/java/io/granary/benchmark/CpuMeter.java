package io.granary.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads where the machine's CPU time went: this JVM, the storage tier's JVM (when this run started
 * it), kernel threads (block I/O, journal commits), every other process, interrupts and time stolen
 * by the hypervisor. On a shared machine this tells whether a phase's figures were disturbed. The
 * machine-wide figures come from Linux's {@code /proc}; where they cannot be read they are -1.
 */
final class CpuMeter {
    /** The kernel's USER_HZ: {@code /proc} counts CPU time in 1/100 s on every common Linux build. */
    static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path PROC = Path.of("/proc");
    /** {@code PF_KTHREAD} in the flags field of {@code /proc/PID/stat}. */
    private static final long KERNEL_THREAD_FLAG = 0x00200000L;

    private final long selfPid = ProcessHandle.current().pid();
    private final long storagePid;
    private final Optional<ProcessHandle> storage;
    private final Set<Long> toolPids;

    /** @param storagePid the storage tier JVM's process id, or -1 if this run did not start one */
    CpuMeter(long storagePid) {
        this(storagePid, Set.of());
    }

    /**
     * @param storagePid the storage tier JVM's process id, or -1 if this run did not start one
     * @param toolPids processes this run started to measure against (such as qemu-nbd): left out of
     *     the other processes, counted by {@link #toolNanos()}
     */
    CpuMeter(long storagePid, Set<Long> toolPids) {
        this.storagePid = storagePid;
        this.storage = storagePid < 0 ? Optional.empty() : ProcessHandle.of(storagePid);
        this.toolPids = Set.copyOf(toolPids);
    }

    /**
     * CPU nanoseconds used up to now by the tool processes and by every child process of this JVM
     * that has ended and been waited for (such as each fio run); -1 if unknown.
     */
    long toolNanos() {
        long total;
        try {
            total = parseChildrenTicks(Files.readString(PROC.resolve("self").resolve("stat"))) * NANOS_PER_TICK;
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
        for (long pid : toolPids) {
            total += ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
        }
        return total;
    }

    /**
     * The CPU ticks of a process's ended and waited-for children, cutime + cstime (fields 16 and 17
     * of {@code /proc/PID/stat}).
     *
     * @throws IllegalArgumentException if the text is not such a line
     */
    static long parseChildrenTicks(String text) {
        int close = text.lastIndexOf(')');
        String[] fields = close < 0 ? new String[0] : text.substring(close + 1).trim().split("\\s+");
        if (fields.length < 20) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + text);
        }
        return Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
    }

    /** The machine's counters from the {@code cpu} line of {@code /proc/stat}, in nanoseconds. */
    record MachineTimes(long busy, long interrupts, long steal, long iowait) {
        static final MachineTimes UNKNOWN = new MachineTimes(-1, -1, -1, -1);
    }

    /** CPU time one other process had used: its start time identifies it across samples. */
    record ProcessTime(long startTicks, long cpuTicks, boolean kernelThread) {
    }

    /** CPU nanoseconds consumed up to now; -1 where unknown; {@code others} keyed by process id. */
    record Sample(long self, long storage, MachineTimes machine, Map<Long, ProcessTime> others) {
    }

    /** What a phase consumed, in seconds; negative where unknown. */
    record Spent(double self, double storage, double kernelThreads, double otherProcesses, double interrupts,
            double steal, double machineBusy, double iowait) {
        static Spent between(Sample before, Sample after) {
            double kernel = 0;
            double other = 0;
            for (Map.Entry<Long, ProcessTime> entry : after.others().entrySet()) {
                ProcessTime now = entry.getValue();
                ProcessTime then = before.others().get(entry.getKey());
                // A process that started since (or a reused pid) spent all its time in the phase.
                long ticks = then != null && then.startTicks() == now.startTicks()
                        ? now.cpuTicks() - then.cpuTicks() : now.cpuTicks();
                if (now.kernelThread()) {
                    kernel += ticks * NANOS_PER_TICK / 1e9;
                } else {
                    other += ticks * NANOS_PER_TICK / 1e9;
                }
            }
            boolean known = !after.others().isEmpty();
            MachineTimes a = after.machine();
            MachineTimes b = before.machine();
            return new Spent(seconds(before.self(), after.self()), seconds(before.storage(), after.storage()),
                    known ? kernel : -1, known ? other : -1,
                    seconds(b.interrupts(), a.interrupts()), seconds(b.steal(), a.steal()),
                    seconds(b.busy(), a.busy()), seconds(b.iowait(), a.iowait()));
        }

        private static double seconds(long before, long after) {
            return before < 0 || after < 0 ? -1 : (after - before) / 1e9;
        }
    }

    Sample sample() {
        long self = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            self = os.getProcessCpuTime();
        }
        long storageNanos = storage.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
        MachineTimes machine = MachineTimes.UNKNOWN;
        try {
            List<String> lines = Files.readAllLines(PROC.resolve("stat"));
            if (!lines.isEmpty()) {
                machine = parseCpuLine(lines.get(0));
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not Linux, or an unexpected format: the machine-wide figures are left out.
        }
        return new Sample(self, storageNanos, machine, otherProcesses());
    }

    private Map<Long, ProcessTime> otherProcesses() {
        Map<Long, ProcessTime> others = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid == selfPid || pid == storagePid || toolPids.contains(pid)) {
                    continue;
                }
                try {
                    others.put(pid, parseProcessStat(Files.readString(entry.resolve("stat"))));
                } catch (NoSuchFileException e) {
                    // Ended since the listing.
                } catch (IOException | IllegalArgumentException e) {
                    // Unreadable or unexpected: that process is left out.
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Map.of();
        }
        return others;
    }

    /**
     * Parses the {@code cpu} line of {@code /proc/stat} ({@code cpu user nice system idle iowait irq
     * softirq steal …}, in ticks): busy is user + nice + system, interrupts irq + softirq.
     *
     * @throws IllegalArgumentException if the line is not such a line
     */
    static MachineTimes parseCpuLine(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 8 || !fields[0].equals("cpu")) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + line);
        }
        long[] ticks = new long[9];
        for (int i = 1; i < Math.min(fields.length, ticks.length); i++) {
            ticks[i] = Long.parseLong(fields[i]);
        }
        // Guest time is already counted inside user and nice.
        return new MachineTimes((ticks[1] + ticks[2] + ticks[3]) * NANOS_PER_TICK,
                (ticks[6] + ticks[7]) * NANOS_PER_TICK, ticks[8] * NANOS_PER_TICK, ticks[5] * NANOS_PER_TICK);
    }

    /**
     * Parses {@code /proc/PID/stat}: the flags (field 9), utime + stime (fields 14 and 15) and the
     * start time (field 22). The command name (field 2) may hold spaces and parentheses, so the
     * fields are counted from the last closing parenthesis.
     *
     * @throws IllegalArgumentException if the text is not such a line
     */
    static ProcessTime parseProcessStat(String text) {
        int close = text.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + text);
        }
        String[] fields = text.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state).
        if (fields.length < 20) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + text);
        }
        long flags = Long.parseLong(fields[9 - 3]);
        long cpu = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        long start = Long.parseLong(fields[22 - 3]);
        return new ProcessTime(start, cpu, (flags & KERNEL_THREAD_FLAG) != 0);
    }
}
