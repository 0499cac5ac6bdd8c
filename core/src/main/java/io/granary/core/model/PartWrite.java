package io.granary.core.model;

import java.util.Objects;

/**
 * A request to store one part of a multipart upload.
 *
 * @param partNumber 1 to {@value PartInfo#MAX_PART_NUMBER}
 * @param contentLength the exact number of bytes the data stream will deliver
 * @param expectedMd5 the 16-byte MD5 the client declared (Content-MD5), or {@code null}
 */
public record PartWrite(
        BucketName bucket,
        ObjectKey key,
        String uploadId,
        int partNumber,
        long contentLength,
        byte[] expectedMd5) {

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
    }
}
