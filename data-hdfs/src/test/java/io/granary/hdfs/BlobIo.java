package io.granary.hdfs;

import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BlobStore;
import io.granary.core.spi.BlobWriter;
import java.io.IOException;
import java.io.InputStream;

/** Whole-blob writes and reads for the tests. */
final class BlobIo {
    private BlobIo() {
    }

    static BlobRef write(BlobStore store, byte[] data) throws IOException {
        try (BlobWriter writer = store.create(data.length)) {
            writer.write(data, 0, data.length);
            return writer.commit();
        }
    }

    static byte[] read(BlobStore store, BlobRef blob) throws IOException {
        return read(store, blob, 0, blob.length());
    }

    static byte[] read(BlobStore store, BlobRef blob, long offset, long length) throws IOException {
        try (InputStream in = store.open(blob, offset, length)) {
            return in.readAllBytes();
        }
    }
}
