package io.granary.core.spi;

import java.io.IOException;

/**
 * Receives the bytes of one new blob. Not thread-safe: one writer is fed by one thread. Closing a
 * writer that was not committed discards what it received.
 */
public interface BlobWriter extends AutoCloseable {
    /** Appends bytes; the total must not exceed the length given to {@link BlobStore#create}. */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Makes every written byte durable (on HDFS: {@code hsync} has returned) and tells where they
     * are. Only after this returns may a metadata row point at the blob. Fails if fewer bytes were
     * written than announced.
     */
    BlobRef commit() throws IOException;

    /** Discards the blob if it was not committed; does nothing after {@link #commit()}. */
    @Override
    void close();
}
