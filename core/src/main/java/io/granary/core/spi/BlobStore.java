package io.granary.core.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Immutable object bytes. A blob is written once through a {@link BlobWriter}, read any number of
 * times by range, and released when no metadata row points at it any more.
 *
 * <p>Implementations are thread-safe. Every stored extent carries a checksum that reads verify: a
 * read of damaged bytes fails with {@link CorruptBlobException} rather than returning them.
 */
public interface BlobStore extends Closeable {
    /**
     * Starts a new blob of exactly {@code length} bytes. The store may choose its layout from the
     * length (small blobs packed together, large ones on their own).
     */
    BlobWriter create(long length) throws IOException;

    /**
     * Opens {@code length} bytes of {@code blob} starting at {@code offset}. The stream is to be
     * closed by the caller; it ends after exactly {@code length} bytes, or fails.
     *
     * @throws IllegalArgumentException if the run is not inside the blob
     */
    InputStream open(BlobRef blob, long offset, long length) throws IOException;

    /**
     * Says that no row points at {@code blob} any more, so its space may be reclaimed. Readers that
     * opened the blob shortly before keep working (reclaiming is deferred); releasing twice is
     * harmless.
     */
    void release(BlobRef blob) throws IOException;
}
