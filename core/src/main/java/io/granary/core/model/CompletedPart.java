package io.granary.core.model;

import io.granary.core.checksum.ObjectChecksum;
import java.util.Objects;

/**
 * One part a CompleteMultipartUpload names: its number and the ETag the client was given for it
 * (hex MD5, without quotes).
 *
 * @param checksum the part's additional checksum as the client names it, or {@code null}; checked
 *     against the stored part's, never stored itself
 */
public record CompletedPart(int partNumber, String etag, ObjectChecksum checksum) {
    public CompletedPart {
        Objects.requireNonNull(etag, "etag");
    }

    /** A part named without a checksum. */
    public CompletedPart(int partNumber, String etag) {
        this(partNumber, etag, null);
    }
}
