package io.granary.core.model;

import java.util.List;

/**
 * One page of a bucket's uploads in progress.
 *
 * @param commonPrefixes the rolled-up prefixes, each ending with the delimiter
 * @param truncated whether more uploads or prefixes follow
 * @param nextKeyMarker when truncated, the key of the last upload or the last common prefix of
 *     this page; {@code null} otherwise
 * @param nextUploadIdMarker when truncated and the page ended on an upload, that upload's id;
 *     {@code null} otherwise
 */
public record UploadListing(List<UploadInfo> uploads, List<String> commonPrefixes, boolean truncated,
        String nextKeyMarker, String nextUploadIdMarker) {
    public UploadListing {
        uploads = List.copyOf(uploads);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
