package io.granary.hdfs;

import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BlobWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.zip.CRC32C;

/**
 * Writes a small blob: buffers its bytes (at most the pack threshold) and, on commit, hands them to
 * a {@link PackAppender} and waits for the group commit. Aborting never touches the file system.
 */
final class SmallBlobWriter implements BlobWriter {
    private final PackAppender appender;
    private final byte[] bytes;
    private int written;
    private boolean committed;

    SmallBlobWriter(PackAppender appender, int length) {
        this.appender = appender;
        this.bytes = new byte[length];
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (committed) {
            throw new IllegalStateException("blob already committed");
        }
        if (length > bytes.length - written) {
            throw new IOException("more than the announced " + bytes.length + " bytes");
        }
        System.arraycopy(buffer, offset, bytes, written, length);
        written += length;
    }

    @Override
    public BlobRef commit() throws IOException {
        if (committed) {
            throw new IllegalStateException("blob already committed");
        }
        if (written != bytes.length) {
            throw new IOException(written + " bytes written, " + bytes.length + " announced");
        }
        BlobHandle handle = bytes.length == 0 ? new BlobHandle.Empty() : append();
        committed = true;
        return new BlobRef(bytes.length, handle.encode());
    }

    private BlobHandle.Packed append() throws IOException {
        CRC32C checksum = new CRC32C();
        checksum.update(bytes);
        try {
            PackAppender.Placement placement = appender.append(bytes).get();
            return new BlobHandle.Packed(placement.pack(), placement.offset(), (int) checksum.getValue());
        } catch (InterruptedException e) {
            // The append may still land; without a row pointing at it, it is dead space.
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the pack to sync");
        } catch (ExecutionException e) {
            throw new IOException("appending to a pack failed", e.getCause());
        }
    }

    @Override
    public void close() {
        // Nothing reached the file system before commit, so there is nothing to discard.
    }
}
