package io.granary.s3.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SigV4 signing key of one secret for one scope,
 * {@code HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")}, and the
 * signatures it makes. Immutable and thread-safe; it never prints its bytes.
 */
public final class SigningKey {
    private static final String HMAC_SHA256 = "HmacSHA256";

    private final byte[] key;

    private SigningKey(byte[] key) {
        this.key = key;
    }

    /** Derives the key for {@code secretKey} within {@code scope}. */
    public static SigningKey derive(String secretKey, CredentialScope scope) {
        byte[] key = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
        key = hmac(key, scope.date());
        key = hmac(key, scope.region());
        key = hmac(key, scope.service());
        key = hmac(key, CredentialScope.TERMINATOR);
        return new SigningKey(key);
    }

    /** The signature of a string to sign: lower-case hex of its HMAC-SHA256. */
    public String sign(String stringToSign) {
        return Hex.encode(hmac(key, stringToSign));
    }

    /** The key's bytes, for tests against published derivations. */
    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "SigningKey[redacted]";
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
        }
    }
}
