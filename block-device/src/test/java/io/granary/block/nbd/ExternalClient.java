package io.granary.block.nbd;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real NBD client (qemu-io, nbdinfo, nbdcopy, nbdsh, fio) as a child process with a deadline. */
final class ExternalClient {
    /** What a finished client left: its exit code and its stdout and stderr together. */
    record Result(int exitCode, String output) {
        Result expectSuccess() {
            if (exitCode != 0) {
                fail("exit code " + exitCode + ", output:\n" + output);
            }
            return this;
        }
    }

    private ExternalClient() {
    }

    static Result run(Path workDirectory, Duration timeout, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(workDirectory, "client-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(workDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        // pyenv shadows the system python that nbdsh's module is installed for.
        builder.environment().merge("PATH", "/usr/bin:/bin", (old, system) -> system + ":" + old);
        Process process = builder.start();
        process.getOutputStream().close(); // no input: a client that reads stdin sees its end
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            fail(String.join(" ", command) + " did not finish within " + timeout + ", output:\n"
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
