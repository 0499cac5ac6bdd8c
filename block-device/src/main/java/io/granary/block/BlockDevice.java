package io.granary.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A random-access device of a fixed size: what one NBD export serves, one open handle of a volume
 * or of a snapshot.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Thread-safe: the NBD server calls any method from several threads at once (requests of
 *       one connection are served out of order, and several connections may share one device).
 *   <li>Offsets and lengths are byte granular; callers have already checked that every range lies
 *       within {@code [0, size())}. Implementations may be faster on 4096-byte aligned I/O but must
 *       accept any alignment, 512-byte aligned I/O in particular.
 *   <li>Ranges never written, trimmed or zeroed read as zeroes.
 *   <li>A method that returns normally has done its work; a method that throws has changed either
 *       nothing or only the range it was given (never bytes outside it).
 *   <li>Durability: a write is durable once {@link #flush()} returned after it, or when it was
 *       made with {@code durable} set (NBD's FUA). A write that was not yet durable may be lost on
 *       a crash, but never torn into bytes outside its own range.
 *   <li>A read-only device throws {@link ReadOnlyDeviceException} from every mutating method.
 * </ul>
 */
public interface BlockDevice extends Closeable {
    /** The device's size in bytes, fixed while it is open. */
    long size();

    /** Whether every mutating method refuses. */
    boolean readOnly();

    /**
     * Whether a {@link #flush()} through this handle also makes durable the writes made through
     * every other handle open on the same volume (NBD's CAN_MULTI_CONN).
     */
    boolean flushCoversAllHandles();

    /** Fills {@code destination}'s remaining bytes with the device's bytes from {@code offset}. */
    void read(long offset, ByteBuffer destination) throws IOException;

    /** Writes {@code source}'s remaining bytes at {@code offset}. */
    void write(long offset, ByteBuffer source, boolean durable) throws IOException;

    /** Makes every write that completed before this call durable. */
    void flush() throws IOException;

    /** Discards a range: it reads as zeroes afterwards and may stop taking space. */
    void trim(long offset, long length, boolean durable) throws IOException;

    /**
     * Makes a range read as zeroes. With {@code mayDeallocate} the range may become a hole (as
     * after {@link #trim}); without it (NBD's NO_HOLE) it stays allocated.
     */
    void writeZeroes(long offset, long length, boolean mayDeallocate, boolean durable) throws IOException;

    /**
     * The allocation of the range starting at {@code offset}: consecutive extents, in order, the
     * first starting at {@code offset}, together covering at least one byte and at most
     * {@code length} bytes (a prefix is enough, as for NBD's base:allocation).
     */
    List<Allocation> allocation(long offset, long length) throws IOException;

    /**
     * One extent of an {@link #allocation} answer.
     *
     * @param length bytes in the extent, at least 1
     * @param hole the extent takes no space
     * @param zero the extent reads as zeroes
     */
    record Allocation(long length, boolean hole, boolean zero) {
        public Allocation {
            if (length < 1) {
                throw new IllegalArgumentException("an extent has at least one byte: " + length);
            }
        }
    }
}
