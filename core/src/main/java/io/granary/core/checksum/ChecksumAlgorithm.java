package io.granary.core.checksum;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The additional checksums S3 accepts ({@code x-amz-checksum-*}). Each value is the base64 of the
 * big-endian digest: 4 bytes for the CRC32s, 8 for CRC64NVME, 20 and 32 for the SHAs.
 */
public enum ChecksumAlgorithm {
    CRC32("CRC32", 4),
    CRC32C("CRC32C", 4),
    CRC64NVME("CRC64NVME", 8),
    SHA1("SHA1", 20),
    SHA256("SHA256", 32);

    /** A checksum being computed. Not thread-safe. */
    public interface Running {
        void update(byte[] bytes, int offset, int length);

        /** The base64 value of everything given to {@link #update}; call once. */
        String finish();
    }

    private final String displayName;
    private final int length;

    ChecksumAlgorithm(String displayName, int length) {
        this.displayName = displayName;
        this.length = length;
    }

    /** The name AWS uses in messages and {@code x-amz-checksum-algorithm}, such as {@code CRC32C}. */
    public String displayName() {
        return displayName;
    }

    /** The header or trailer that carries this checksum, such as {@code x-amz-checksum-crc32c}. */
    public String headerName() {
        return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
    }

    /** The algorithm carried by a header named {@code name} (case-insensitive). */
    public static Optional<ChecksumAlgorithm> forHeader(String name) {
        return Arrays.stream(values()).filter(algorithm -> algorithm.headerName().equalsIgnoreCase(name.strip()))
                .findFirst();
    }

    /** The algorithm named {@code name} as in {@code x-amz-checksum-algorithm} (case-insensitive). */
    public static Optional<ChecksumAlgorithm> forName(String name) {
        return Arrays.stream(values()).filter(algorithm -> algorithm.displayName.equalsIgnoreCase(name.strip()))
                .findFirst();
    }

    /** Whether {@code value} has the form of this checksum: base64 of the right number of bytes. */
    public boolean isWellFormed(String value) {
        try {
            return Base64.getDecoder().decode(value).length == length;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Starts computing this checksum. */
    public Running start() {
        return switch (this) {
            case CRC32 -> crc(new CRC32());
            case CRC32C -> crc(new CRC32C());
            case CRC64NVME -> crc(new Crc64Nvme());
            case SHA1 -> digest("SHA-1");
            case SHA256 -> digest("SHA-256");
        };
    }

    private Running crc(Checksum checksum) {
        return new Running() {
            @Override
            public void update(byte[] bytes, int offset, int count) {
                checksum.update(bytes, offset, count);
            }

            @Override
            public String finish() {
                byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(checksum.getValue()).array();
                return Base64.getEncoder().encodeToString(Arrays.copyOfRange(value, Long.BYTES - length, Long.BYTES));
            }
        };
    }

    private static Running digest(String algorithm) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has " + algorithm, e);
        }
        return new Running() {
            @Override
            public void update(byte[] bytes, int offset, int count) {
                digest.update(bytes, offset, count);
            }

            @Override
            public String finish() {
                return Base64.getEncoder().encodeToString(digest.digest());
            }
        };
    }
}
