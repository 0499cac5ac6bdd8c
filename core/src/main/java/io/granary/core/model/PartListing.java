package io.granary.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One page of the parts of an upload, by part number.
 *
 * @param truncated whether parts with higher numbers follow
 * @param nextPartNumberMarker the number of the last part of this page (0 when the page is empty):
 *     pass it as the marker to continue
 */
public record PartListing(UploadInfo upload, List<PartInfo> parts, boolean truncated, int nextPartNumberMarker) {
    public PartListing {
        Objects.requireNonNull(upload, "upload");
        parts = List.copyOf(parts);
    }
}
