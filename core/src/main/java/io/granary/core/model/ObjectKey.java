package io.granary.core.model;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import java.nio.charset.StandardCharsets;

/**
 * An object key: any non-empty Unicode string of at most 1024 bytes in UTF-8, except that it may
 * not hold NUL (XML 1.0 cannot carry it in a listing, and the metadata row key uses 0x00 as its
 * terminator). Keys are names, never paths: {@code ../} and {@code //} are ordinary characters.
 */
public record ObjectKey(String value) implements Comparable<ObjectKey> {
    /** The longest key S3 accepts, in bytes of UTF-8. */
    public static final int MAX_BYTES = 1024;

    public ObjectKey {
        if (value == null || value.isEmpty()) {
            throw new StoreException(StoreError.INVALID_KEY, "The object key is empty");
        }
        if (value.indexOf('\0') >= 0) {
            throw new StoreException(StoreError.INVALID_KEY, "The object key holds a NUL character");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new StoreException(StoreError.KEY_TOO_LONG, "Your key is too long");
        }
    }

    public static ObjectKey of(String value) {
        return new ObjectKey(value);
    }

    /** Orders keys as S3 lists them: by their UTF-8 bytes. */
    @Override
    public int compareTo(ObjectKey other) {
        return Utf8Order.compare(value, other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
