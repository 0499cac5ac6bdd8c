package io.granary.core;

/** A storage operation failed for the reason {@link #error()} names. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StoreError error;

    public StoreException(StoreError error, String message) {
        super(message);
        this.error = error;
    }

    public StoreException(StoreError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public StoreError error() {
        return error;
    }
}
