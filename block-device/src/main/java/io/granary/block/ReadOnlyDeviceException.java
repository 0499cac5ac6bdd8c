package io.granary.block;

import java.io.IOException;

/** A write, trim or zeroing asked of a read-only device (a snapshot). */
public final class ReadOnlyDeviceException extends IOException {
    public ReadOnlyDeviceException(String device) {
        super(device + " is read-only");
    }
}
