package io.granary.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs fio's {@code nbd} engine against one export, one job at a time, in a process of its own.
 * Its JSON goes to a file in the work directory, its other output to a log next to it.
 */
final class Fio {
    /** On top of a job's own seconds: fio's start, its ramp time and the connection's set-up. */
    private static final Duration GRACE = Duration.ofMinutes(2);
    static final int IO_DEPTH = 16;
    static final int RAMP_SECONDS = 2;

    private final Path work;

    /** @param work where the JSON and log files of every run are kept */
    Fio(Path work) {
        this.work = work;
    }

    /** The arguments of a timed job: {@code --time_based} for {@code seconds} after the ramp time. */
    static List<String> jobArguments(String uri, FioJob job, long size, int seconds) {
        return List.of("--name=" + job.rw(), "--ioengine=nbd", "--uri=" + uri, "--rw=" + job.rw(),
                "--bs=" + job.blockSize(), "--iodepth=" + IO_DEPTH, "--numjobs=1", "--size=" + size, "--time_based",
                "--runtime=" + seconds, "--ramp_time=" + RAMP_SECONDS, "--output-format=json");
    }

    /** Runs a timed job and returns its figures. */
    FioFigures run(String label, String uri, FioJob job, long size, int seconds) throws IOException, BenchmarkFailure {
        String json = execute(label, jobArguments(uri, job, size, seconds), Duration.ofSeconds(seconds).plus(GRACE));
        try {
            return FioFigures.parse(json, job.reads());
        } catch (IllegalArgumentException e) {
            throw new BenchmarkFailure("fio " + job.rw() + " on " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the whole export once with 1 MiB sequential writes, so the reads that follow hit
     * written data rather than holes.
     *
     * @return the figures of that write
     */
    FioFigures precondition(String label, String uri, long size, Duration timeout) throws IOException, BenchmarkFailure {
        String json = execute(label, List.of("--name=precondition", "--ioengine=nbd", "--uri=" + uri, "--rw=write",
                "--bs=1M", "--iodepth=" + IO_DEPTH, "--numjobs=1", "--size=" + size, "--output-format=json"), timeout);
        try {
            return FioFigures.parse(json, false);
        } catch (IllegalArgumentException e) {
            throw new BenchmarkFailure("fio precondition on " + uri + ": " + e.getMessage(), e);
        }
    }

    private String execute(String label, List<String> arguments, Duration timeout) throws IOException, BenchmarkFailure {
        Path output = work.resolve(label + ".json");
        Path log = work.resolve(label + ".log");
        List<String> command = new ArrayList<>();
        command.add("fio");
        command.addAll(arguments);
        command.add("--output=" + output);
        Process fio = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!fio.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fio.destroyForcibly();
                fio.waitFor(10, TimeUnit.SECONDS);
                throw new BenchmarkFailure("fio did not finish within " + timeout + ": " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            fio.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fio ran", e);
        }
        if (fio.exitValue() != 0) {
            throw new BenchmarkFailure("fio exited with " + fio.exitValue() + ": " + String.join(" ", command) + "\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
