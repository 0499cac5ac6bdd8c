package io.granary.launcher.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, for error messages; reads only the end of a large file. */
final class LogTail {
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    /**
     * A block of text naming {@code file} and showing its last {@code lines} lines, or the empty
     * string if the file is missing or empty.
     */
    static String describe(Path file, int lines) {
        List<String> tail = lastLines(file, lines);
        if (tail.isEmpty()) {
            return "";
        }
        return "\n--- last " + tail.size() + " lines of " + file + " ---\n" + String.join("\n", tail);
    }

    static List<String> lastLines(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            int length = (int) Math.min(size, MAX_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until the buffer is full
            }
            List<String> all = Arrays.asList(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
                    .split("\n"));
            if (length < size && !all.isEmpty()) {
                all = all.subList(1, all.size()); // the first line is probably cut
            }
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }
}
