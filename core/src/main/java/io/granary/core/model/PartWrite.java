package io.granary.core.model;

import io.granary.core.checksum.ChecksumAlgorithm;
import java.util.Objects;

/**
 * A request to store one part of a multipart upload.
 *
 * @param partNumber 1 to {@value PartInfo#MAX_PART_NUMBER}
 * @param contentLength the exact number of bytes the data stream will deliver
 * @param expectedMd5 the 16-byte MD5 the client declared (Content-MD5), or {@code null}
 * @param checksumAlgorithm the additional checksum the client declared for the part, or
 *     {@code null} (the upload's algorithm, if it has one, applies)
 * @param expectedChecksum the base64 value of that checksum, or {@code null} when the client
 *     declared none (the store computes it either way)
 */
public record PartWrite(
        BucketName bucket,
        ObjectKey key,
        String uploadId,
        int partNumber,
        long contentLength,
        byte[] expectedMd5,
        ChecksumAlgorithm checksumAlgorithm,
        String expectedChecksum) {

    public PartWrite {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uploadId, "uploadId");
        if (!PartInfo.isValidNumber(partNumber)) {
            throw new IllegalArgumentException("part number out of range: " + partNumber);
        }
        if (contentLength < 0) {
            throw new IllegalArgumentException("negative content length " + contentLength);
        }
        if (expectedMd5 != null && expectedMd5.length != 16) {
            throw new IllegalArgumentException("an MD5 digest has 16 bytes");
        }
        if (expectedChecksum != null && (checksumAlgorithm == null || !checksumAlgorithm.isWellFormed(expectedChecksum))) {
            throw new IllegalArgumentException("not a checksum of the part's algorithm: " + expectedChecksum);
        }
    }

    /** A part without an additional checksum of its own. */
    public PartWrite(BucketName bucket, ObjectKey key, String uploadId, int partNumber, long contentLength,
            byte[] expectedMd5) {
        this(bucket, key, uploadId, partNumber, contentLength, expectedMd5, null, null);
    }
}
