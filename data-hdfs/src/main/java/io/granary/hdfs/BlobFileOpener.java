package io.granary.hdfs;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;

/**
 * Opens a large blob's file where it is: live under {@code blobs/}, or already released to
 * {@code trash/} but not yet purged. Readers that resolved a handle shortly before a release thus
 * keep working through the grace period.
 */
final class BlobFileOpener {
    private final FileSystem fs;
    private final StoreLayout layout;

    BlobFileOpener(FileSystem fs, StoreLayout layout) {
        this.fs = fs;
        this.layout = layout;
    }

    FSDataInputStream open(FileId id) throws IOException {
        try {
            return fs.open(layout.blob(id));
        } catch (FileNotFoundException live) {
            try {
                return fs.open(layout.trashedBlob(id));
            } catch (FileNotFoundException trashed) {
                FileNotFoundException missing = new FileNotFoundException(
                        "blob file " + id.name() + " is neither live nor in the trash");
                missing.addSuppressed(live);
                missing.addSuppressed(trashed);
                throw missing;
            }
        }
    }
}
