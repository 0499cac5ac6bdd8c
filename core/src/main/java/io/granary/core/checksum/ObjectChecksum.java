package io.granary.core.checksum;

import java.util.Objects;

/**
 * The additional checksum stored with an object or a part, as S3 reports it in
 * {@code x-amz-checksum-<algorithm>} and {@code x-amz-checksum-type}.
 *
 * @param value the base64 digest; for a {@link Type#COMPOSITE} checksum, the digest of the part
 *     digests followed by {@code -N}, N being the number of parts
 */
public record ObjectChecksum(ChecksumAlgorithm algorithm, String value, Type type) {
    /** How the checksum covers the object. */
    public enum Type {
        /** A digest of the object's bytes, end to end. */
        FULL_OBJECT,
        /** A digest of the digests of a multipart object's parts. */
        COMPOSITE
    }

    public ObjectChecksum {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(type, "type");
        String digest = type == Type.COMPOSITE ? value.substring(0, Math.max(0, value.lastIndexOf('-'))) : value;
        if (!algorithm.isWellFormed(digest)) {
            throw new IllegalArgumentException("not a " + algorithm.displayName() + " checksum: " + value);
        }
    }

    /** A digest of a whole object's (or part's) bytes. */
    public static ObjectChecksum fullObject(ChecksumAlgorithm algorithm, String value) {
        return new ObjectChecksum(algorithm, value, Type.FULL_OBJECT);
    }
}
