package io.granary.hdfs;

import io.granary.core.spi.CorruptBlobException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a packed extent. The whole extent (at most the pack threshold it was written with) is read
 * and checked against the CRC32C in its handle before any byte of the requested run is returned.
 */
final class PackedExtentReader {
    private final FileSystem fs;
    private final StoreLayout layout;

    PackedExtentReader(FileSystem fs, StoreLayout layout) {
        this.fs = fs;
        this.layout = layout;
    }

    InputStream open(BlobHandle.Packed extent, long extentLength, long offset, long length) throws IOException {
        if (extentLength > Integer.MAX_VALUE - 8) {
            throw new CorruptBlobException("packed extent of " + extentLength + " bytes cannot exist");
        }
        Path pack = layout.pack(extent.pack());
        byte[] bytes = new byte[(int) extentLength];
        try (FSDataInputStream in = fs.open(pack)) {
            in.readFully(extent.offset(), bytes);
        } catch (EOFException e) {
            throw new CorruptBlobException("pack " + pack + " ends inside the extent at " + extent.offset());
        }
        CRC32C checksum = new CRC32C();
        checksum.update(bytes);
        if ((int) checksum.getValue() != extent.checksum()) {
            throw new CorruptBlobException("checksum mismatch in pack " + pack + " for the " + extentLength
                    + "-byte extent at " + extent.offset());
        }
        return new ByteArrayInputStream(bytes, (int) offset, (int) length);
    }
}
