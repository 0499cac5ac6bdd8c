package io.granary.hdfs;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A large blob's own file: the blob's bytes from offset 0 (so the data is a plain byte run that
 * Hadoop tools can address directly), then one big-endian CRC32C per chunk, then a 16-byte footer
 * (blob length as a long, chunk size as an int, the magic {@code GRB1}) that makes the file
 * self-describing for scrubbers. Readers take the length and chunk size from the handle, so a
 * range read touches only the checksums of its own chunks.
 */
final class BlobFileFormat {
    static final int CHECKSUM_LENGTH = Integer.BYTES;
    private static final int MAGIC = 0x47524231; // "GRB1"

    private BlobFileFormat() {
    }

    /** How many chunks of {@code chunkSize} hold {@code length} bytes. */
    static long chunkCount(long length, int chunkSize) {
        return length == 0 ? 0 : (length - 1) / chunkSize + 1;
    }

    /** Where the checksum of chunk {@code index} is stored. */
    static long checksumPosition(long blobLength, long index) {
        return blobLength + index * CHECKSUM_LENGTH;
    }

    /** Writes the checksum table and the footer after the blob's bytes. */
    static void writeTrailer(DataOutputStream out, int[] checksums, long blobLength, int chunkSize)
            throws IOException {
        // In slices, so a table of millions of chunks is neither copied whole nor written int by int.
        ByteBuffer slice = ByteBuffer.allocate(4096 * CHECKSUM_LENGTH);
        for (int checksum : checksums) {
            slice.putInt(checksum);
            if (!slice.hasRemaining()) {
                out.write(slice.array(), 0, slice.position());
                slice.clear();
            }
        }
        out.write(slice.array(), 0, slice.position());
        out.writeLong(blobLength);
        out.writeInt(chunkSize);
        out.writeInt(MAGIC);
    }
}
