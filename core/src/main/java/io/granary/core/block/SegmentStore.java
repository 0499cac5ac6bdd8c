package io.granary.core.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Append-only segment files of block volumes. A segment is named by its volume's id and a segment
 * number chosen by the volume's writer; it is written once, by one {@link SegmentWriter}, from start
 * to end, then only read until it is deleted.
 *
 * <p>Which bytes a reader sees: those a writer has {@link SegmentWriter#flush() flushed} or
 * {@link SegmentWriter#sync() synced}, and after the writer closed or the segment was
 * {@link #seal sealed}, every byte the segment holds. After a crash of the writing process only
 * synced bytes are guaranteed to be there; bytes appended after the last sync may be there in part
 * (a torn tail), which is why the volume engine checksums every record.
 *
 * <p>Implementations are thread-safe; reads may run concurrently with one another and with the
 * writer. Failures of the backing store are {@link IOException}s.
 */
public interface SegmentStore extends Closeable {
    /**
     * Creates an empty segment and returns its writer.
     *
     * @throws SegmentExistsException if the segment exists already (a writer never reuses a
     *     number, not even one of a writer that crashed)
     */
    SegmentWriter create(long volume, long segment) throws IOException;

    /**
     * Reads bytes of the segment from {@code position} into {@code destination} until it is full or
     * the readable bytes end.
     *
     * @return how many bytes were read: fewer than {@code destination.remaining()} only at the end
     *     of the readable bytes, 0 at or past it
     * @throws java.io.FileNotFoundException if there is no such segment
     */
    int read(long volume, long segment, long position, ByteBuffer destination) throws IOException;

    /**
     * Ends the segment's writing for good, if a writer (in this process or any other, alive or
     * crashed) still has it open: from now on that writer's appends and syncs fail. Returns the
     * segment's final length. Sealing a closed or sealed segment only returns its length. This is
     * how a new writer of a volume fences off the segments of the writer before it.
     *
     * @throws java.io.FileNotFoundException if there is no such segment
     */
    long seal(long volume, long segment) throws IOException;

    /** The readable length of the segment, as {@link #read} sees it now. */
    long length(long volume, long segment) throws IOException;

    /** The numbers of the volume's segments, ascending; empty if it has none. */
    List<Long> list(long volume) throws IOException;

    /** Deletes the segment; deleting one that is not there does nothing. */
    void delete(long volume, long segment) throws IOException;
}
