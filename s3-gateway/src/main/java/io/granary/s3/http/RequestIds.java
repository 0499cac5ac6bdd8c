package io.granary.s3.http;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Request ids in S3's form: 16 upper-case hex digits. */
public final class RequestIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    public static String next() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
