package io.granary.core.model;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import java.util.regex.Pattern;

/**
 * A bucket name that follows S3's general-purpose bucket naming rules: 3 to 63 characters of
 * lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, no two
 * adjacent dots, not shaped like an IPv4 address, and none of the reserved prefixes or suffixes.
 */
public record BucketName(String value) implements Comparable<BucketName> {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public BucketName {
        if (value == null || !isValid(value)) {
            throw new StoreException(StoreError.INVALID_BUCKET_NAME,
                    "The specified bucket is not valid: " + value);
        }
    }

    public static BucketName of(String value) {
        return new BucketName(value);
    }

    /** Whether {@code name} may name a bucket. */
    public static boolean isValid(String name) {
        return ALLOWED.matcher(name).matches()
                && !name.contains("..")
                && !name.contains(".-")
                && !name.contains("-.")
                && !IPV4.matcher(name).matches()
                && !name.startsWith("xn--")
                && !name.startsWith("sthree-")
                && !name.endsWith("-s3alias")
                && !name.endsWith("--ol-s3");
    }

    @Override
    public int compareTo(BucketName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
