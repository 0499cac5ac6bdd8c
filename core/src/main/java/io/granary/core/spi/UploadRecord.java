package io.granary.core.spi;

import io.granary.core.model.UploadInfo;
import java.util.Objects;

/** A multipart upload as the {@link UploadCatalog} keeps it. */
public record UploadRecord(UploadInfo info, UploadState state) {
    public UploadRecord {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(state, "state");
    }
}
