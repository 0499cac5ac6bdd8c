package io.granary.core.model;

import io.granary.core.checksum.ObjectChecksum;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored part of a multipart upload.
 *
 * @param partNumber 1 to {@value #MAX_PART_NUMBER}
 * @param etag the hex MD5 of the part's bytes, without quotes
 * @param checksum the part's additional checksum (of its bytes), or {@code null} for none
 */
public record PartInfo(int partNumber, String etag, long size, Instant lastModified, ObjectChecksum checksum) {
    /** The highest part number S3 accepts. */
    public static final int MAX_PART_NUMBER = 10_000;

    public PartInfo {
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        if (!isValidNumber(partNumber)) {
            throw new IllegalArgumentException("part number out of range: " + partNumber);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }

    /** A part without an additional checksum. */
    public PartInfo(int partNumber, String etag, long size, Instant lastModified) {
        this(partNumber, etag, size, lastModified, null);
    }

    public static boolean isValidNumber(int partNumber) {
        return partNumber >= 1 && partNumber <= MAX_PART_NUMBER;
    }
}
