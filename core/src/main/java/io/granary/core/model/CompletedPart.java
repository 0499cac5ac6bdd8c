package io.granary.core.model;

import java.util.Objects;

/**
 * One part a CompleteMultipartUpload names: its number and the ETag the client was given for it
 * (hex MD5, without quotes).
 */
public record CompletedPart(int partNumber, String etag) {
    public CompletedPart {
        Objects.requireNonNull(etag, "etag");
    }
}
