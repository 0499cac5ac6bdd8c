package io.granary.core.spi;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where a {@link BlobStore} keeps one blob: an encoding only that store reads, plus the blob's
 * length. Metadata rows hold it as bytes and hand it back unchanged.
 */
public record BlobRef(long length, byte[] handle) {
    public BlobRef {
        Objects.requireNonNull(handle, "handle");
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        handle = handle.clone();
    }

    @Override
    public byte[] handle() {
        return handle.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobRef other && other.length == length && Arrays.equals(other.handle, handle);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(length) * 31 + Arrays.hashCode(handle);
    }

    @Override
    public String toString() {
        return "BlobRef[" + length + " bytes @ " + HexFormat.of().formatHex(handle) + "]";
    }
}
