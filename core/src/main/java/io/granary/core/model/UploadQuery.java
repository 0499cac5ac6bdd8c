package io.granary.core.model;

/**
 * One page request of a listing of a bucket's uploads in progress, in UTF-8 order of key, then the
 * order the uploads of one key started in.
 *
 * @param prefix only uploads of keys starting with this ("" for all)
 * @param delimiter keys whose remainder after the prefix contains this are rolled up into common
 *     prefixes; {@code null} or "" for none
 * @param keyMarker list only uploads after this key; {@code null} for none
 * @param uploadIdMarker with a key marker: list the uploads of that very key whose ids come after
 *     this one too; ignored without a key marker
 * @param maxUploads how many uploads plus common prefixes at most; 0 to {@link #MAX_UPLOADS}
 */
public record UploadQuery(String prefix, String delimiter, String keyMarker, String uploadIdMarker, int maxUploads) {
    /** S3's ceiling on one page. */
    public static final int MAX_UPLOADS = 1000;

    public UploadQuery {
        prefix = prefix == null ? "" : prefix;
        delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        keyMarker = keyMarker == null || keyMarker.isEmpty() ? null : keyMarker;
        if (keyMarker == null || uploadIdMarker == null || uploadIdMarker.isEmpty()) {
            uploadIdMarker = null;
        }
        if (maxUploads < 0 || maxUploads > MAX_UPLOADS) {
            throw new IllegalArgumentException("maxUploads out of range: " + maxUploads);
        }
    }
}
