package io.granary.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A qemu virtual machine (Debian's {@code qemu-system-x86}) booted from one disk over NBD and run
 * until it ends itself through the {@code isa-debug-exit} device (see {@link BootSector}).
 *
 * <p>The machine is a PC emulated by TCG (no KVM here) with 32 MiB, no default devices, no display,
 * COM1 written to a file, and the disk as qemu's own NBD client attaches it. A VM still running at
 * the deadline fails the test with what its serial port and qemu printed; qemu is stopped however
 * the run ends.
 */
final class QemuVm {
    static final String PROGRAM = "qemu-system-x86_64";

    /**
     * How a run ended: the command line, qemu's exit status (-1 if it was stopped), what the VM
     * wrote to its serial port, what qemu printed, and how long it ran.
     */
    record Outcome(List<String> command, int exitCode, String serial, String qemuOutput, Duration ran) {
        /** All of it, for a failure message. */
        String describe() {
            return String.join(" ", command) + "\nqemu exit status " + exitCode + " after " + ran
                    + "\nserial port:\n" + serial + "\nqemu:\n" + qemuOutput;
        }
    }

    private QemuVm() {
    }

    /** The command line that boots {@code diskUri} as a raw disk on {@code driveInterface} (ide, virtio). */
    private static List<String> command(String diskUri, String driveInterface, Path serialLog) {
        return List.of(PROGRAM,
                "-machine", "pc,accel=tcg", "-m", "32", "-nodefaults", "-display", "none", "-no-reboot",
                "-serial", "file:" + serialLog,
                "-drive", "file=" + diskUri + ",format=raw,if=" + driveInterface + ",cache=writeback",
                "-boot", "c",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
    }

    /**
     * Boots the VM and waits until it exits or {@code deadline} has passed.
     *
     * @param work where the serial log and qemu's output go
     * @throws AssertionError when qemu cannot be started (not installed) or runs past the deadline
     */
    static Outcome run(Path work, String diskUri, String driveInterface, Duration deadline)
            throws IOException, InterruptedException {
        Path serial = Files.createTempFile(work, "serial-", ".log");
        Path output = Files.createTempFile(work, "qemu-", ".log");
        List<String> command = command(diskUri, driveInterface, serial);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        // pyenv may shadow the system tools; Debian's qemu lives in /usr/bin.
        builder.environment().put("PATH", "/usr/bin:/bin:" + System.getenv("PATH"));
        long started = System.nanoTime();
        Process qemu;
        try {
            qemu = builder.start();
        } catch (IOException e) {
            throw new AssertionError(PROGRAM + " cannot be run; install Debian's qemu-system-x86 package "
                    + "(apt-get install qemu-system-x86): " + e.getMessage(), e);
        }
        try {
            qemu.getOutputStream().close(); // nothing to say on its standard input
            if (!qemu.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(qemu);
                throw new AssertionError("the VM did not end within " + deadline + ":\n"
                        + new Outcome(command, -1, read(serial), read(output), since(started)).describe());
            }
            return new Outcome(command, qemu.exitValue(), read(serial), read(output), since(started));
        } finally {
            stop(qemu);
        }
    }

    private static void stop(Process qemu) throws InterruptedException {
        if (qemu.isAlive()) {
            qemu.destroyForcibly();
        }
        qemu.waitFor();
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }
}
