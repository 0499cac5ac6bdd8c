package io.granary.s3.xml;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.checksum.ObjectChecksum;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code ChecksumCRC32} … {@code ChecksumSHA256} elements of S3's documents: one per
 * algorithm, at most one of them set.
 */
public record ChecksumElements(String crc32, String crc32c, String crc64nvme, String sha1, String sha256) {
    private static final ChecksumElements NONE = new ChecksumElements(null, null, null, null, null);

    /** The elements naming {@code checksum}, or none for null. */
    public static ChecksumElements of(ObjectChecksum checksum) {
        if (checksum == null) {
            return NONE;
        }
        String v = checksum.value();
        return switch (checksum.algorithm()) {
            case CRC32 -> new ChecksumElements(v, null, null, null, null);
            case CRC32C -> new ChecksumElements(null, v, null, null, null);
            case CRC64NVME -> new ChecksumElements(null, null, v, null, null);
            case SHA1 -> new ChecksumElements(null, null, null, v, null);
            case SHA256 -> new ChecksumElements(null, null, null, null, v);
        };
    }

    /** The values that are set, by algorithm. */
    public Map<ChecksumAlgorithm, String> present() {
        Map<ChecksumAlgorithm, String> set = new EnumMap<>(ChecksumAlgorithm.class);
        add(set, ChecksumAlgorithm.CRC32, crc32);
        add(set, ChecksumAlgorithm.CRC32C, crc32c);
        add(set, ChecksumAlgorithm.CRC64NVME, crc64nvme);
        add(set, ChecksumAlgorithm.SHA1, sha1);
        add(set, ChecksumAlgorithm.SHA256, sha256);
        return set;
    }

    private static void add(Map<ChecksumAlgorithm, String> set, ChecksumAlgorithm algorithm, String value) {
        if (value != null) {
            set.put(algorithm, value.strip());
        }
    }
}
