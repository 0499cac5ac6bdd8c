package io.granary.block;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The named devices a block server exports: volumes by name, snapshots as {@code volume@snapshot}
 * (read-only). Thread-safe.
 */
public interface BlockDeviceProvider {
    /** The export names offered to clients that list them, in a stable order. */
    List<String> names() throws IOException;

    /**
     * Opens the named device, or empty when there is none of that name. The caller closes the
     * handle it gets.
     *
     * @throws DeviceBusyException when the device cannot be opened for writing because another
     *     writer holds it
     */
    Optional<BlockDevice> open(String name) throws IOException;
}
