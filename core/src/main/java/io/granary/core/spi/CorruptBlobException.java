package io.granary.core.spi;

import java.io.IOException;

/** Stored bytes did not match their checksum; nothing of the damaged extent was returned. */
public class CorruptBlobException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptBlobException(String message) {
        super(message);
    }
}
