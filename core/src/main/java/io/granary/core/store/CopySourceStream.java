package io.granary.core.store;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.model.ByteRange;
import io.granary.core.spi.CorruptBlobException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a copy source, to be fed into a write. Failing to read them is the store's failure,
 * not the client's: read failures surface as {@link StoreException}s (CORRUPT_DATA or UNAVAILABLE)
 * rather than as IOExceptions, which a write takes for a short request body.
 */
public final class CopySourceStream {
    private CopySourceStream() {
    }

    /** Streams {@code range} of {@code source}; a {@code null} range is the empty object. */
    public static InputStream open(StoredObject source, ByteRange range) {
        if (range == null) {
            return InputStream.nullInputStream();
        }
        InputStream in;
        try {
            in = source.open(range);
        } catch (IOException e) {
            throw failure(e);
        }
        return new FilterInputStream(in) {
            @Override
            public int read() {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw failure(e);
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                try {
                    return super.read(buffer, offset, length);
                } catch (IOException e) {
                    throw failure(e);
                }
            }
        };
    }

    private static StoreException failure(IOException e) {
        return e instanceof CorruptBlobException
                ? new StoreException(StoreError.CORRUPT_DATA, "The copy source is damaged: " + e.getMessage(), e)
                : new StoreException(StoreError.UNAVAILABLE, "Reading the copy source failed: " + e.getMessage(), e);
    }
}
