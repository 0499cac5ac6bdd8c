package io.granary.launcher.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs {@code qemu-img} (Debian's qemu-utils) for disk image import and export: {@code info} to
 * learn an image's format and virtual size, {@code convert -p} to copy one, its progress passed
 * through to the caller's terminal.
 */
public final class QemuImg {
    public static final String COMMAND = "qemu-img";

    /**
     * What {@code qemu-img info} says of an image.
     *
     * @param backed whether it names a backing file (whose data it would read through to)
     */
    public record ImageInfo(String format, long virtualSize, boolean backed) {
    }

    private QemuImg() {
    }

    /** Fails with a message that says what to install when qemu-img cannot be run. */
    public static void requireInstalled() throws IOException {
        try {
            run(List.of(COMMAND, "--version"), null);
        } catch (IOException e) {
            throw new IOException(COMMAND + " is needed to import and export disk images "
                    + "(Debian: apt-get install qemu-utils): " + e.getMessage(), e);
        }
    }

    /** {@code qemu-img info --output=json [-f FORMAT] SOURCE}. */
    public static ImageInfo info(String source, String format) throws IOException {
        List<String> command = new ArrayList<>(List.of(COMMAND, "info", "--output=json"));
        if (format != null) {
            command.addAll(List.of("-f", format));
        }
        command.add(source);
        JsonNode json = new ObjectMapper().readTree(run(command, null));
        if (!json.path("format").isTextual() || !json.path("virtual-size").canConvertToLong()) {
            throw new IOException(COMMAND + " info gave no format and size for " + source);
        }
        return new ImageInfo(json.get("format").asText(), json.get("virtual-size").asLong(),
                json.has("backing-filename") || json.has("full-backing-filename"));
    }

    /**
     * {@code qemu-img convert -p ARGS}: its progress goes to {@code progressOut}.
     *
     * @return what it printed on standard error
     */
    public static String convert(List<String> arguments, PrintStream progressOut) throws IOException {
        List<String> command = new ArrayList<>(List.of(COMMAND, "convert", "-p"));
        command.addAll(arguments);
        return run(command, progressOut);
    }

    /**
     * Runs the command; with {@code passThrough} its standard output is copied there as it comes
     * and standard error returned, otherwise standard output is returned.
     */
    private static String run(List<String> command, PrintStream passThrough) throws IOException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        String output;
        try (InputStream out = process.getInputStream()) {
            if (passThrough == null) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                byte[] buffer = new byte[4096];
                for (int n; (n = out.read(buffer)) > 0; ) {
                    passThrough.write(buffer, 0, n);
                    passThrough.flush();
                }
                passThrough.println();
                output = null;
            }
        }
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + command.get(0) + " ran");
        }
        String stderr = errors.join();
        if (status != 0) {
            throw new IOException(String.join(" ", command.subList(0, 2)) + " failed (exit " + status + "): "
                    + stderr.trim());
        }
        return passThrough == null ? output : stderr;
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
