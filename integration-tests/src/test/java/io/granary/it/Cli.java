package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real command-line client and captures what it printed. */
final class Cli {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private Cli() {
    }

    /** Runs the command and fails the test unless it exits 0. */
    static String ok(List<String> command, Map<String, String> environment, Path workDir) throws Exception {
        Result result = run(command, environment, workDir, Duration.ofMinutes(5));
        assertEquals(0, result.exitCode(), () -> String.join(" ", command) + "\nstdout: " + result.stdout()
                + "\nstderr: " + result.stderr());
        return result.stdout();
    }

    static Result run(List<String> command, Map<String, String> environment, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Outcome outcome = run(command, environment, workDir, timeout, ProcessBuilder.Redirect.PIPE, out);
        return new Result(outcome.exitCode(), Files.readString(out, StandardCharsets.UTF_8), outcome.stderr());
    }

    /**
     * Runs the command with its standard input read from {@code input} and its standard output,
     * bytes as they are, written to {@code output}; fails the test unless it exits 0.
     */
    static void piped(List<String> command, Map<String, String> environment, Path workDir, Path input, Path output)
            throws IOException, InterruptedException {
        Outcome outcome = run(command, environment, workDir, Duration.ofMinutes(5),
                ProcessBuilder.Redirect.from(input.toFile()), output);
        assertEquals(0, outcome.exitCode(), () -> String.join(" ", command) + "\nstderr: " + outcome.stderr());
    }

    private record Outcome(int exitCode, String stderr) {
    }

    private static Outcome run(List<String> command, Map<String, String> environment, Path workDir, Duration timeout,
            ProcessBuilder.Redirect input, Path output) throws IOException, InterruptedException {
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(input).redirectOutput(output.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        // Nothing to say on a piped standard input: end it, so that a client reading it stops at once.
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                    + "\nstderr: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Outcome(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A file of {@code size} pseudo-random bytes, the same for the same seed. */
    static Path randomFile(Path dir, String name, long size, long seed) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        byte[] buffer = new byte[1 << 20];
        try (var output = Files.newOutputStream(file)) {
            for (long written = 0; written < size; ) {
                int n = (int) Math.min(buffer.length, size - written);
                for (int i = 0; i < n; i += 8) {
                    long value = random.nextLong();
                    for (int b = 0; b < 8 && i + b < n; b++) {
                        buffer[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                output.write(buffer, 0, n);
                written += n;
            }
        }
        return file;
    }

    /** Whether two files hold the same bytes. */
    static boolean sameBytes(Path a, Path b) throws IOException {
        return Files.mismatch(a, b) == -1;
    }
}
