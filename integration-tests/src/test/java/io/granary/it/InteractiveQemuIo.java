package io.granary.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One interactive qemu-io on one export, fed one command at a time through a pipe: unlike a run
 * with {@code -c} commands, it keeps its NBD connection (and so the volume) open between
 * commands, for as long as a test needs, for instance while the server's storage is killed.
 *
 * <p>qemu-io runs in writeback cache mode ({@code -t writeback}): a write is then sent without
 * FUA and is durable only once flushed, while {@code write -f} sends FUA. In its default mode,
 * writethrough, qemu-io sends every write with FUA, and nothing would ever be unflushed.
 *
 * <p>qemu-io reads one line per wakeup from a pipe, so a line sent early could sit unread: each
 * command is sent once the prompt for it is out, and awaited until the next prompt. Its output, and
 * standard error, go to a log file, which is also where the prompts are counted.
 *
 * <p>Not thread-safe. {@link #close} kills qemu-io (nothing it could still do matters then).
 */
final class InteractiveQemuIo implements AutoCloseable {
    private static final String PROMPT = "qemu-io> ";

    private final Process process;
    private final OutputStream commands;
    private final Path log;
    private final Duration timeout;
    /** Commands sent so far; the prompt after the last one is prompt {@code sent + 1}. */
    private int sent;

    private InteractiveQemuIo(Process process, Path log, Duration timeout) {
        this.process = process;
        this.commands = process.getOutputStream();
        this.log = log;
        this.timeout = timeout;
    }

    /**
     * Starts {@code qemu-io -t writeback -f raw URI} and waits for its first prompt.
     *
     * @param log where its output goes; created or replaced
     * @param timeout how long to wait for any one prompt
     */
    static InteractiveQemuIo open(String uri, Path log, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("qemu-io", "-t", "writeback", "-f", "raw", uri)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // pyenv may shadow the system tools; the Debian clients live in /usr/bin.
        builder.environment().put("PATH", "/usr/bin:/bin:" + System.getenv("PATH"));
        InteractiveQemuIo qemu = new InteractiveQemuIo(builder.start(), log, timeout);
        try {
            qemu.awaitPrompt(1);
        } catch (IOException | RuntimeException | Error e) {
            qemu.close();
            throw e;
        }
        return qemu;
    }

    /** Runs one command and returns what qemu-io printed for it (between its prompt and the next). */
    String run(String command) throws IOException {
        int before = Files.readString(log).length();
        commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
        sent++;
        awaitPrompt(sent + 1);
        String output = Files.readString(log);
        return output.substring(before, output.lastIndexOf(PROMPT));
    }

    /** All qemu-io printed so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    private void awaitPrompt(int count) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (prompts() < count) {
            if (!process.isAlive()) {
                fail("qemu-io exited (status " + process.exitValue() + ") before prompt " + count + ":\n" + output());
            }
            if (System.nanoTime() > deadline) {
                fail("qemu-io did not get to prompt " + count + " within " + timeout + ":\n" + output());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private int prompts() throws IOException {
        String output = Files.readString(log);
        return (output.length() - output.replace(PROMPT, "").length()) / PROMPT.length();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
