package io.granary.metadata.hbase;

/**
 * A stored row or cell does not decode: it was damaged or written by an incompatible format.
 * {@link HBaseErrors} reports it as {@link io.granary.core.StoreError#INTERNAL}.
 */
final class MalformedRowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedRowException(String message) {
        super(message);
    }

    MalformedRowException(String message, Throwable cause) {
        super(message, cause);
    }
}
