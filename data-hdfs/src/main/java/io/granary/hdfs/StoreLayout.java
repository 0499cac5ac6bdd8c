package io.granary.hdfs;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where files live under the store's root: {@code packs/<id>.pack} for pack files,
 * {@code blobs/<id>.blob} for large blobs and {@code trash/<id>.blob} for released large blobs
 * waiting for the purger.
 */
final class StoreLayout {
    private static final String PACK_SUFFIX = ".pack";
    private static final String BLOB_SUFFIX = ".blob";

    private final Path packs;
    private final Path blobs;
    private final Path trash;

    StoreLayout(Path root) {
        this.packs = new Path(root, "packs");
        this.blobs = new Path(root, "blobs");
        this.trash = new Path(root, "trash");
    }

    void createDirectories(FileSystem fs) throws IOException {
        for (Path directory : new Path[] {packs, blobs, trash}) {
            if (!fs.mkdirs(directory)) {
                throw new IOException("cannot create directory " + directory);
            }
        }
    }

    Path trash() {
        return trash;
    }

    Path pack(FileId id) {
        return new Path(packs, id.name() + PACK_SUFFIX);
    }

    Path blob(FileId id) {
        return new Path(blobs, id.name() + BLOB_SUFFIX);
    }

    Path trashedBlob(FileId id) {
        return new Path(trash, id.name() + BLOB_SUFFIX);
    }
}
