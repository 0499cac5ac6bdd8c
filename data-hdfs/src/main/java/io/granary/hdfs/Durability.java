package io.granary.hdfs;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;

/** Guards the store's promise that a commit returns only after {@code hsync}. */
final class Durability {
    private Durability() {
    }

    /**
     * Fails if {@code out} cannot {@code hsync}: on such a file system (the checksummed local file
     * system, object stores) {@code hsync} silently degrades to a flush, so commits would lie.
     */
    static void requireHsync(FSDataOutputStream out, Path path) throws IOException {
        if (!out.hasCapability(StreamCapabilities.HSYNC)) {
            throw new IOException("the file system of " + path + " cannot hsync; use HDFS or the raw local file system");
        }
    }
}
