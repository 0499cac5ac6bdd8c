package io.granary.core.spi;

import io.granary.core.model.PartInfo;
import java.util.Objects;

/** One stored part: its description and its blob, which only the upload points at until completion. */
public record PartRecord(PartInfo info, BlobRef blob) {
    public PartRecord {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(blob, "blob");
        if (blob.length() != info.size()) {
            throw new IllegalArgumentException("blob length " + blob.length() + " != part size " + info.size());
        }
    }

    public int number() {
        return info.partNumber();
    }
}
