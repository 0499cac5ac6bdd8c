package io.granary.block;

import java.io.IOException;

/** A device that another writer holds: one writer per volume at a time. */
public final class DeviceBusyException extends IOException {
    public DeviceBusyException(String device, String holder) {
        super(device + " is open for writing by " + holder);
    }
}
