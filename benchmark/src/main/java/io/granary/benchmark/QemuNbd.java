package io.granary.benchmark;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * qemu-nbd serving a raw file as export {@code disk} on 127.0.0.1 (the baseline of the block
 * benchmark), started as a child process and stopped by its process id.
 */
final class QemuNbd implements Closeable {
    static final String EXPORT = "disk";
    /** fio's nbd engine opens one connection per job; a few more leave room for a stray one. */
    private static final int CONNECTIONS = 4;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;

    private QemuNbd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts qemu-nbd on a free port for {@code raw} and waits until it accepts connections. */
    static QemuNbd start(Path raw, Path log) throws IOException {
        int port = freePort();
        Process process = new ProcessBuilder("qemu-nbd", "-b", "127.0.0.1", "-p", String.valueOf(port), "-x", EXPORT,
                "-f", "raw", "-t", "--shared=" + CONNECTIONS, raw.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        QemuNbd qemu = new QemuNbd(process, port);
        try {
            qemu.awaitListening();
        } catch (IOException | RuntimeException e) {
            qemu.close();
            throw e;
        }
        return qemu;
    }

    String uri() {
        return "nbd://127.0.0.1:" + port + "/" + EXPORT;
    }

    long pid() {
        return process.pid();
    }

    String command() {
        return "qemu-nbd -b 127.0.0.1 -p " + port + " -x " + EXPORT + " -f raw -t --shared=" + CONNECTIONS;
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("qemu-nbd exited with " + process.exitValue() + " before it listened");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("qemu-nbd is not listening on port " + port + " after " + START_TIMEOUT, e);
                }
                // Not yet listening: wait for it to, a little at a time.
                try {
                    process.waitFor(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for qemu-nbd", interrupted);
                }
            }
        }
    }

    /** Stops qemu-nbd (SIGTERM to its process id, then SIGKILL after 10 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
