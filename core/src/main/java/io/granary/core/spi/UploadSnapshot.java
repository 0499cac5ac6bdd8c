package io.granary.core.spi;

import io.granary.core.model.UploadInfo;
import java.util.List;
import java.util.Objects;

/** An upload frozen for completion and every part it holds, by part number. */
public record UploadSnapshot(UploadInfo info, List<PartRecord> parts) {
    public UploadSnapshot {
        Objects.requireNonNull(info, "info");
        parts = List.copyOf(parts);
    }
}
