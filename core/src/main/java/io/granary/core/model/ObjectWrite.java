package io.granary.core.model;

import io.granary.core.checksum.ChecksumAlgorithm;
import java.util.Map;
import java.util.Objects;

/**
 * A request to store an object: where, how many bytes, and the metadata to keep with them.
 *
 * @param contentLength the exact number of bytes the data stream will deliver
 * @param expectedMd5 the 16-byte MD5 the client declared (Content-MD5), or {@code null}
 * @param checksumAlgorithm the additional checksum to compute and keep with the object, or
 *     {@code null} for none
 * @param expectedChecksum the base64 value of that checksum the client declared, or {@code null}
 *     when it declared none (the store computes it either way)
 */
public record ObjectWrite(
        BucketName bucket,
        ObjectKey key,
        long contentLength,
        ContentHeaders headers,
        Map<String, String> userMetadata,
        byte[] expectedMd5,
        String storageClass,
        ChecksumAlgorithm checksumAlgorithm,
        String expectedChecksum) {

    public ObjectWrite {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        headers = headers == null ? ContentHeaders.NONE : headers;
        userMetadata = Map.copyOf(userMetadata == null ? Map.of() : userMetadata);
        if (contentLength < 0) {
            throw new IllegalArgumentException("negative content length " + contentLength);
        }
        if (expectedMd5 != null && expectedMd5.length != 16) {
            throw new IllegalArgumentException("an MD5 digest has 16 bytes");
        }
        if (expectedChecksum != null && (checksumAlgorithm == null || !checksumAlgorithm.isWellFormed(expectedChecksum))) {
            throw new IllegalArgumentException("not a checksum of the write's algorithm: " + expectedChecksum);
        }
    }

    /** A write without an additional checksum. */
    public ObjectWrite(BucketName bucket, ObjectKey key, long contentLength, ContentHeaders headers,
            Map<String, String> userMetadata, byte[] expectedMd5, String storageClass) {
        this(bucket, key, contentLength, headers, userMetadata, expectedMd5, storageClass, null, null);
    }
}
