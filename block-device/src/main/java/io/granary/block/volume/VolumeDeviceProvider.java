package io.granary.block.volume;

import io.granary.block.BlockDevice;
import io.granary.block.BlockDeviceProvider;
import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeRecord;
import io.granary.core.block.VolumeState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The volumes of a {@link VolumeManager} as NBD exports: each volume by its name (writable), each
 * snapshot as {@code volume@snapshot} (read-only). Thread-safe.
 */
public final class VolumeDeviceProvider implements BlockDeviceProvider {
    private final VolumeManager manager;

    public VolumeDeviceProvider(VolumeManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    @Override
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (VolumeRecord volume : catalogCall(manager::list)) {
            if (volume.state() != VolumeState.AVAILABLE) {
                continue;
            }
            names.add(volume.name());
            List<SnapshotRecord> snapshots;
            try {
                snapshots = catalogCall(() -> manager.snapshots(volume.name()));
            } catch (StoreException e) {
                continue; // deleted meanwhile
            }
            for (SnapshotRecord snapshot : snapshots) {
                names.add(volume.name() + "@" + snapshot.name());
            }
        }
        return names;
    }

    @Override
    public Optional<BlockDevice> open(String name) throws IOException {
        int at = name.indexOf('@');
        try {
            if (at < 0) {
                return Optional.of(manager.open(name));
            }
            String volume = name.substring(0, at);
            String snapshot = name.substring(at + 1);
            return Optional.of(catalogCall(() -> manager.openSnapshot(volume, snapshot)));
        } catch (StoreException e) {
            if (e.error() == StoreError.NOT_FOUND || e.error() == StoreError.INVALID_ARGUMENT) {
                return Optional.empty();
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    private static <T> T catalogCall(LogVolume.CatalogCall<T> call) throws IOException {
        return LogVolume.catalogCall(call);
    }
}
