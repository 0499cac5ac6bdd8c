package io.granary.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * A request to store an object: where, how many bytes, and the metadata to keep with them.
 *
 * @param contentLength the exact number of bytes the data stream will deliver
 * @param expectedMd5 the 16-byte MD5 the client declared (Content-MD5), or {@code null}
 */
public record ObjectWrite(
        BucketName bucket,
        ObjectKey key,
        long contentLength,
        ContentHeaders headers,
        Map<String, String> userMetadata,
        byte[] expectedMd5,
        String storageClass) {

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
    }
}
