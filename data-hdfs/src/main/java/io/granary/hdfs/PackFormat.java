package io.granary.hdfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A pack file: the 8-byte header {@code GRPACK01}, then the bytes of small blobs back to back with
 * no framing. Where an extent starts, how long it is and its CRC32C are kept in the blob's handle,
 * so a read needs nothing from the file but the extent itself.
 */
final class PackFormat {
    private static final byte[] HEADER = "GRPACK01".getBytes(StandardCharsets.US_ASCII);

    /** Bytes before the first extent. */
    static final int HEADER_LENGTH = HEADER.length;

    private PackFormat() {
    }

    static void writeHeader(OutputStream out) throws IOException {
        out.write(HEADER);
    }
}
