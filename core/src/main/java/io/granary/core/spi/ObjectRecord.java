package io.granary.core.spi;

import io.granary.core.model.ObjectInfo;
import java.util.Objects;

/** One metadata row: the object's description and where its bytes are. */
public record ObjectRecord(ObjectInfo info, BlobRef blob) {
    public ObjectRecord {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(blob, "blob");
        if (blob.length() != info.size()) {
            throw new IllegalArgumentException("blob length " + blob.length() + " != object size " + info.size());
        }
    }
}
