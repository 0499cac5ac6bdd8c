package io.granary.hdfs;

import io.granary.core.spi.CorruptBlobException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.Path;

/**
 * Reads a packed extent. The whole extent (at most the pack threshold it was written with) is read
 * and checked against the CRC32C in its handle before any byte of the requested run is returned.
 * Pack files are read through streams kept open between reads ({@link OpenPackFiles}).
 */
final class PackedExtentReader {
    private final OpenPackFiles packs;
    private final StoreLayout layout;

    PackedExtentReader(OpenPackFiles packs, StoreLayout layout) {
        this.packs = packs;
        this.layout = layout;
    }

    /**
     * Reads {@code bytes.length} bytes at {@code offset} through a shared open stream. A stream
     * opened before the extent was appended ends before it: that stream is replaced and the read
     * tried once more, and only a pack that is still too short is corrupt.
     */
    private void readExtent(Path pack, long offset, byte[] bytes) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (OpenPackFiles.Use use = packs.acquire(pack)) {
                try {
                    use.stream().readFully(offset, bytes);
                    return;
                } catch (EOFException e) {
                    packs.retire(use);
                    if (attempt == 2) {
                        throw new CorruptBlobException("pack " + pack + " ends inside the extent at " + offset);
                    }
                } catch (IOException e) {
                    packs.retire(use); // a stream that failed is not handed out again
                    throw e;
                }
            }
        }
    }

    InputStream open(BlobHandle.Packed extent, long extentLength, long offset, long length) throws IOException {
        if (extentLength > Integer.MAX_VALUE - 8) {
            throw new CorruptBlobException("packed extent of " + extentLength + " bytes cannot exist");
        }
        Path pack = layout.pack(extent.pack());
        byte[] bytes = new byte[(int) extentLength];
        readExtent(pack, extent.offset(), bytes);
        CRC32C checksum = new CRC32C();
        checksum.update(bytes);
        if ((int) checksum.getValue() != extent.checksum()) {
            throw new CorruptBlobException("checksum mismatch in pack " + pack + " for the " + extentLength
                    + "-byte extent at " + extent.offset());
        }
        return new ByteArrayInputStream(bytes, (int) offset, (int) length);
    }
}
