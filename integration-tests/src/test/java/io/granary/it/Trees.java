package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Local directory trees as the sync and transfer tests compare them. */
final class Trees {
    private Trees() {
    }

    /** The regular files under {@code root}, as {@code /}-separated paths relative to it. */
    static TreeSet<String> relativeFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Fails unless both trees hold the same files with the same bytes. */
    static void assertSameTrees(Path expected, Path actual) throws IOException {
        assertEquals(relativeFiles(expected), relativeFiles(actual));
        Map<String, Long> different = new TreeMap<>();
        for (String file : relativeFiles(expected)) {
            long mismatch = Files.mismatch(expected.resolve(file), actual.resolve(file));
            if (mismatch != -1) {
                different.put(file, mismatch);
            }
        }
        assertTrue(different.isEmpty(), () -> "files differ at: " + different);
    }
}
