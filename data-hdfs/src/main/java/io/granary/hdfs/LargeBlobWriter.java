package io.granary.hdfs;

import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BlobWriter;
import java.io.IOException;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a large blob to a file of its own, streaming: bytes go straight to the file while a CRC32C
 * per chunk is computed on the way, so the heap holds only the checksum table (4 bytes per chunk).
 * Commit appends the table and footer ({@link BlobFileFormat}), {@code hsync}s and closes the file.
 * Closing without commit deletes the partial file.
 */
final class LargeBlobWriter implements BlobWriter {
    private static final Logger LOG = LoggerFactory.getLogger(LargeBlobWriter.class);

    private final FileSystem fs;
    private final Path path;
    private final FileId id;
    private final long length;
    private final int chunkSize;
    private final StoreCounters counters;
    private final FSDataOutputStream out;
    private final int[] checksums;
    private final CRC32C chunkChecksum = new CRC32C();
    private int chunkIndex;
    private int chunkFill;
    private long written;
    /** Set once commit starts writing the trailer: no more bytes, no second attempt. */
    private boolean sealed;
    private boolean committed;
    private boolean closed;

    /** Creates the file; the caller must close the writer. */
    static LargeBlobWriter create(FileSystem fs, StoreLayout layout, FileId id, long length, int chunkSize,
            StoreCounters counters) throws IOException {
        long chunks = BlobFileFormat.chunkCount(length, chunkSize);
        if (chunks > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(length + " bytes need too many chunks of " + chunkSize);
        }
        Path path = layout.blob(id);
        FSDataOutputStream out = fs.create(path, false);
        try {
            Durability.requireHsync(out, path);
        } catch (IOException e) {
            out.close();
            fs.delete(path, false);
            throw e;
        }
        return new LargeBlobWriter(fs, path, id, length, chunkSize, counters, out, (int) chunks);
    }

    private LargeBlobWriter(FileSystem fs, Path path, FileId id, long length, int chunkSize,
            StoreCounters counters, FSDataOutputStream out, int chunks) {
        this.fs = fs;
        this.path = path;
        this.id = id;
        this.length = length;
        this.chunkSize = chunkSize;
        this.counters = counters;
        this.out = out;
        this.checksums = new int[chunks];
    }

    @Override
    public void write(byte[] buffer, int offset, int count) throws IOException {
        Objects.checkFromIndexSize(offset, count, buffer.length);
        requireOpen();
        if (count > length - written) {
            throw new IOException("more than the announced " + length + " bytes");
        }
        out.write(buffer, offset, count);
        written += count;
        checksum(buffer, offset, count);
    }

    /** Feeds the chunk checksums, closing a chunk each time its last byte goes by. */
    private void checksum(byte[] buffer, int offset, int count) {
        while (count > 0) {
            int take = Math.min(count, chunkSize - chunkFill);
            chunkChecksum.update(buffer, offset, take);
            chunkFill += take;
            offset += take;
            count -= take;
            if (chunkFill == chunkSize) {
                finishChunk();
            }
        }
    }

    private void finishChunk() {
        checksums[chunkIndex++] = (int) chunkChecksum.getValue();
        chunkChecksum.reset();
        chunkFill = 0;
    }

    @Override
    public BlobRef commit() throws IOException {
        requireOpen();
        if (written != length) {
            throw new IOException(written + " bytes written, " + length + " announced");
        }
        sealed = true;
        if (chunkFill > 0) {
            finishChunk();
        }
        BlobFileFormat.writeTrailer(out, checksums, length, chunkSize);
        out.hsync();
        out.close();
        committed = true;
        counters.blobFiles.increment();
        counters.blobBytes.add(length);
        return new BlobRef(length, new BlobHandle.OwnFile(id, chunkSize).encode());
    }

    private void requireOpen() {
        if (sealed || closed) {
            throw new IllegalStateException(closed ? "writer closed" : "blob already committed (or its commit failed)");
        }
    }

    @Override
    public void close() {
        if (committed || closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("closing aborted blob file {} failed", path, e);
        }
        try {
            fs.delete(path, false);
        } catch (IOException e) {
            LOG.warn("could not delete aborted blob file {}; it is garbage no handle points at", path, e);
        }
    }
}
