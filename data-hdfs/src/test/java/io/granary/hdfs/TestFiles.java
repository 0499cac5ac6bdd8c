package io.granary.hdfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** File systems and file surgery for the tests. */
final class TestFiles {
    private TestFiles() {
    }

    /**
     * A raw local file system of its own (not the JVM-wide cached one, so a test may close it). Raw,
     * because the checksummed {@code LocalFileSystem} cannot {@code hsync} (its output stream buffers
     * 512-byte checksum chunks and writes the {@code .crc} side file only on close) and a file it is
     * still writing cannot be read back; the raw one flushes and fsyncs on {@code hsync}, and a pack
     * still being appended to reads like any file.
     */
    static FileSystem rawLocal() throws IOException {
        RawLocalFileSystem fs = new RawLocalFileSystem();
        fs.initialize(URI.create("file:///"), new Configuration());
        return fs;
    }

    static org.apache.hadoop.fs.Path hadoopPath(Path path) {
        return new org.apache.hadoop.fs.Path(path.toUri());
    }

    /** The files directly in {@code directory}, sorted by name. */
    static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Inverts the bits of the byte at {@code position}. */
    static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile access = new RandomAccessFile(file.toFile(), "rw")) {
            access.seek(position);
            int value = access.read();
            access.seek(position);
            access.write(~value & 0xff);
        }
    }
}
