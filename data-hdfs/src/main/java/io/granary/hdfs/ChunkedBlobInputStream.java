package io.granary.hdfs;

import io.granary.core.spi.CorruptBlobException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * Streams a run of a large blob one chunk at a time. Each chunk the run touches is read whole and
 * checked against its CRC32C from the file's trailer before any of its bytes are handed out, so a
 * damaged chunk fails the read with {@link CorruptBlobException} and none of it is returned.
 * Checksums are fetched only for the chunks of the run, a slice at a time.
 *
 * <p>Holds one chunk and one slice of checksums in memory. Not thread-safe, like any stream.
 */
final class ChunkedBlobInputStream extends InputStream {
    private static final int CHECKSUMS_PER_READ = 1024;

    private final BlobFileOpener opener;
    private final FileId id;
    private final long blobLength;
    private final int chunkSize;
    private final long end;
    private final long lastChunk;
    private FSDataInputStream in;
    private long position;
    private boolean closed;

    /** The verified chunk in {@link #chunk}, or a start of -1 when there is none. */
    private byte[] chunk;
    private long chunkStart = -1;
    private int chunkLength;

    /** Checksums of chunks {@code firstChecksum ..} in {@link #checksums}. */
    private byte[] checksums;
    private long firstChecksum = -1;
    private int checksumCount;

    /** Takes ownership of {@code in}, the already open blob file; the run must lie inside the blob. */
    ChunkedBlobInputStream(BlobFileOpener opener, FSDataInputStream in, FileId id, long blobLength,
            int chunkSize, long offset, long length) {
        this.opener = opener;
        this.in = in;
        this.id = id;
        this.blobLength = blobLength;
        this.chunkSize = chunkSize;
        this.position = offset;
        this.end = offset + length;
        this.lastChunk = length == 0 ? -1 : (end - 1) / chunkSize;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (position >= end) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        if (!chunkHolds(position)) {
            loadChunk(position / chunkSize);
        }
        int at = (int) (position - chunkStart);
        int count = (int) Math.min(length, Math.min(chunkLength - at, end - position));
        System.arraycopy(chunk, at, buffer, offset, count);
        position += count;
        return count;
    }

    /** Skips without reading: skipped bytes are never returned, so they need no check. */
    @Override
    public long skip(long count) {
        long skipped = Math.max(0, Math.min(count, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return chunkHolds(position) ? (int) (Math.min(chunkStart + chunkLength, end) - position) : 0;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            chunk = null;
            in.close();
        }
    }

    private boolean chunkHolds(long at) {
        return chunkStart >= 0 && at >= chunkStart && at < chunkStart + chunkLength;
    }

    private void loadChunk(long index) throws IOException {
        long start = index * chunkSize;
        int length = (int) Math.min(chunkSize, blobLength - start);
        if (chunk == null) {
            chunk = new byte[(int) Math.min(chunkSize, blobLength)];
        }
        chunkStart = -1; // the buffer is about to hold unverified bytes
        int expected = expectedChecksum(index);
        readFile(() -> {
            if (in.getPos() != start) {
                in.seek(start);
            }
            in.readFully(chunk, 0, length);
        }, "chunk " + index);
        CRC32C checksum = new CRC32C();
        checksum.update(chunk, 0, length);
        if ((int) checksum.getValue() != expected) {
            throw new CorruptBlobException("checksum mismatch in chunk " + index + " (bytes " + start + "+" + length
                    + ") of blob file " + id.name());
        }
        chunkStart = start;
        chunkLength = length;
    }

    private int expectedChecksum(long index) throws IOException {
        if (index < firstChecksum || index >= firstChecksum + checksumCount) {
            loadChecksums(index);
        }
        return ByteBuffer.wrap(checksums).getInt((int) (index - firstChecksum) * BlobFileFormat.CHECKSUM_LENGTH);
    }

    private void loadChecksums(long index) throws IOException {
        int count = (int) Math.min(CHECKSUMS_PER_READ, lastChunk - index + 1);
        int bytes = count * BlobFileFormat.CHECKSUM_LENGTH;
        if (checksums == null || checksums.length < bytes) {
            checksums = new byte[bytes];
        }
        long at = BlobFileFormat.checksumPosition(blobLength, index);
        firstChecksum = -1;
        // Positioned read: leaves the data stream where it is.
        readFile(() -> in.readFully(at, checksums, 0, bytes), "the checksum table");
        firstChecksum = index;
        checksumCount = count;
    }

    /** One read of the file, retried once on a reopened file, with a short file reported as damage. */
    private void readFile(FileRead read, String what) throws IOException {
        try {
            try {
                read.run();
            } catch (FileNotFoundException e) {
                // On HDFS a long read fetches block locations by path; the file may have moved to the trash.
                in.close();
                in = opener.open(id);
                read.run();
            }
        } catch (EOFException e) {
            throw new CorruptBlobException("blob file " + id.name() + " ends inside " + what);
        }
    }

    @FunctionalInterface
    private interface FileRead {
        void run() throws IOException;
    }
}
