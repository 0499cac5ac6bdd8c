package io.granary.s3.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently derived signing keys. A key changes only with the secret, the day, the region or the
 * service, so nearly every request of a day reuses one; deriving costs four HMACs. Bounded: the
 * least recently used key goes first. Thread-safe.
 */
final class SigningKeyCache {
    private record Entry(String secretKey, CredentialScope scope) {
    }

    private final Map<Entry, SigningKey> keys;

    SigningKeyCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A cache holds at least one key: " + capacity);
        }
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Entry, SigningKey> eldest) {
                return size() > capacity;
            }
        };
    }

    SigningKey get(String secretKey, CredentialScope scope) {
        Entry entry = new Entry(secretKey, scope);
        synchronized (keys) {
            SigningKey key = keys.get(entry);
            if (key != null) {
                return key;
            }
        }
        // Derived outside the lock; two threads racing derive the same key, which is harmless.
        SigningKey key = SigningKey.derive(secretKey, scope);
        synchronized (keys) {
            keys.put(entry, key);
        }
        return key;
    }

    int size() {
        synchronized (keys) {
            return keys.size();
        }
    }
}
