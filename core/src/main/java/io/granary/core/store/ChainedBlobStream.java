package io.granary.core.store;

import io.granary.core.model.ByteRange;
import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The bytes of a range of an object made of several blobs (the parts of a multipart object), read
 * from one blob after another. Only one blob is open at a time, and each is opened when the reader
 * reaches it, so a range over thousands of parts costs no more than the parts it covers.
 */
final class ChainedBlobStream extends InputStream {
    private final BlobStore store;
    private final List<BlobRef> blobs;
    private int next;
    /** Where the current blob's run starts, within that blob, and how long it is. */
    private long offset;
    private long remaining;
    private InputStream current;
    private boolean closed;

    /**
     * @param range a range inside the concatenation of {@code blobs}
     */
    ChainedBlobStream(BlobStore store, List<BlobRef> blobs, ByteRange range) {
        this.store = store;
        this.blobs = blobs;
        long skip = range.first();
        int index = 0;
        while (index < blobs.size() && skip >= blobs.get(index).length()) {
            skip -= blobs.get(index).length();
            index++;
        }
        this.next = index;
        this.offset = skip;
        this.remaining = range.length();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int off, int length) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (length == 0) {
            return 0;
        }
        while (remaining > 0) {
            if (current == null && !openNext()) {
                break;
            }
            int n = current.read(buffer, off, length);
            if (n > 0) {
                remaining -= n;
                return n;
            }
            // This blob's run is done: move on to the next one.
            current.close();
            current = null;
        }
        if (remaining > 0) {
            throw new IOException(remaining + " bytes of the range are missing from the object's parts");
        }
        return -1;
    }

    private boolean openNext() throws IOException {
        while (next < blobs.size()) {
            BlobRef blob = blobs.get(next++);
            long run = Math.min(blob.length() - offset, remaining);
            long from = offset;
            offset = 0;
            if (run > 0) {
                current = store.open(blob, from, run);
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (current != null) {
            InputStream open = current;
            current = null;
            open.close();
        }
    }
}
