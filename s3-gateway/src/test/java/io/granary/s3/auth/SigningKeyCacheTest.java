package io.granary.s3.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SigningKeyCacheTest {
    private static final CredentialScope MONDAY = new CredentialScope("20240304", "us-east-1", "s3");
    private static final CredentialScope TUESDAY = new CredentialScope("20240305", "us-east-1", "s3");

    @Test
    void reusesTheKeyOfTheSameSecretAndScope() {
        SigningKeyCache cache = new SigningKeyCache(4);
        SigningKey key = cache.get("secret", MONDAY);
        assertSame(key, cache.get("secret", MONDAY));
        assertArrayEquals(SigningKey.derive("secret", MONDAY).bytes(), key.bytes());
        assertNotSame(key, cache.get("other secret", MONDAY));
        assertNotSame(key, cache.get("secret", TUESDAY));
        assertNotSame(key, cache.get("secret", new CredentialScope("20240304", "eu-west-1", "s3")));
    }

    @Test
    void staysWithinItsCapacityDroppingTheLeastRecentlyUsed() {
        SigningKeyCache cache = new SigningKeyCache(2);
        SigningKey first = cache.get("first", MONDAY);
        SigningKey second = cache.get("second", MONDAY);
        assertSame(first, cache.get("first", MONDAY));
        cache.get("third", MONDAY);
        assertEquals(2, cache.size());
        assertSame(first, cache.get("first", MONDAY));
        assertNotSame(second, cache.get("second", MONDAY));
    }

    @Test
    void holdsAtLeastOneKey() {
        assertThrows(IllegalArgumentException.class, () -> new SigningKeyCache(0));
    }
}
