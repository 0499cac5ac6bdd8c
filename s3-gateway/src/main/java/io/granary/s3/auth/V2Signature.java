package io.granary.s3.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signature Version 2 signatures: {@code Base64(HMAC-SHA1(secret, UTF-8(stringToSign)))}. */
final class V2Signature {
    private static final String HMAC_SHA1 = "HmacSHA1";

    private V2Signature() {
    }

    /** The signature of a string to sign with a secret key, in Base64. */
    static String sign(String secretKey, String stringToSign) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Every Java runtime has HmacSHA1", e);
        }
    }

    /**
     * Compares a computed signature with the one a client sent, in time independent of where they
     * differ. Base64 is case-sensitive, so unlike SigV4's hex the comparison is exact.
     */
    static boolean equal(String expected, String provided) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                provided.getBytes(StandardCharsets.UTF_8));
    }
}
