package io.granary.core.model;

import java.util.List;

/**
 * One page of a key listing, in UTF-8 byte order.
 *
 * @param commonPrefixes the rolled-up prefixes, each ending with the delimiter
 * @param truncated whether more keys or prefixes follow
 * @param nextMarker when truncated, the last key or common prefix of this page: pass it as
 *     {@code startAfter} to continue; {@code null} otherwise
 */
public record ListPage(List<ObjectInfo> objects, List<String> commonPrefixes, boolean truncated,
        String nextMarker) {
    public ListPage {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
