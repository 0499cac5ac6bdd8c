package io.granary.core.model;

/**
 * One page request of a key listing.
 *
 * @param prefix only keys starting with this ("" for all)
 * @param delimiter keys whose remainder after the prefix contains this are rolled up into common
 *     prefixes; {@code null} or "" for none
 * @param startAfter list only keys (and common prefixes) after this one; {@code null} for none
 * @param maxKeys how many keys plus common prefixes at most; 1 to {@link #MAX_KEYS}
 */
public record ListQuery(String prefix, String delimiter, String startAfter, int maxKeys) {
    /** S3's ceiling on one page. */
    public static final int MAX_KEYS = 1000;

    public ListQuery {
        prefix = prefix == null ? "" : prefix;
        delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        startAfter = startAfter == null || startAfter.isEmpty() ? null : startAfter;
        if (maxKeys < 0 || maxKeys > MAX_KEYS) {
            throw new IllegalArgumentException("maxKeys out of range: " + maxKeys);
        }
    }
}
