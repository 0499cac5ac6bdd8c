package io.granary.s3.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Hex digests and the constant-time comparison of signatures. */
final class Hex {
    /** The SHA-256 of no bytes, the payload hash of an empty body. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {
    }

    static String encode(byte[] bytes) {
        return LOWER.formatHex(bytes);
    }

    static String sha256(String text) {
        return encode(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha256(byte[] bytes, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(bytes, offset, length);
        return encode(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** Whether {@code text} is 64 hex digits, the form of a SHA-256 or a signature. */
    static boolean isSha256(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0 || text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares a computed signature with the one a client sent, in time independent of where they
     * differ, so that response timing reveals nothing about the expected signature.
     */
    static boolean signaturesEqual(String expected, String provided) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                provided.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** The bytes of a string as AWS lists them in error details: hex pairs separated by spaces. */
    static String spacedBytes(String text) {
        return HexFormat.ofDelimiter(" ").formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}
