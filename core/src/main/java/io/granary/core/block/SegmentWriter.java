package io.granary.core.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Appends to one new segment. Thread-safe, but appends are meant to come from one writer in order;
 * {@link #sync()} may be called from any thread. Once a call failed (the segment was sealed by
 * another writer, the store broke), the writer is unusable and every later call fails.
 */
public interface SegmentWriter extends Closeable {
    /** The segment's number. */
    long segment();

    /** Bytes appended so far: the position the next append starts at. */
    long length();

    /** Appends the remaining bytes of {@code source}. They may stay buffered in this process. */
    void append(ByteBuffer source) throws IOException;

    /**
     * Makes every byte appended so far readable through {@link SegmentStore#read}, without waiting
     * for it to be durable (on HDFS: {@code hflush}).
     */
    void flush() throws IOException;

    /**
     * Makes every byte appended so far durable and readable (on HDFS: {@code hsync} has
     * returned): after this returns, a crash of this process or of the storage machines loses none
     * of them.
     */
    void sync() throws IOException;

    /** Syncs and closes the segment; closing twice does nothing. */
    @Override
    void close() throws IOException;
}
