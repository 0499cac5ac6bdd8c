package io.granary.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.testing.CredentialStoreConformance;
import io.granary.core.testing.InMemoryCredentialStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CachingCredentialStoreTest {
    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Nested
    class Conformance extends CredentialStoreConformance {
        @Override
        protected CredentialStore store() {
            return new CachingCredentialStore(new InMemoryCredentialStore(), Clock.systemUTC(), Duration.ofSeconds(5), 100);
        }
    }

    @Test
    void remembersHitsForTheirLifetimeOnlyAndNeverMisses() {
        InMemoryCredentialStore backing = new InMemoryCredentialStore();
        ManualClock clock = new ManualClock();
        CachingCredentialStore cache = new CachingCredentialStore(backing, clock, Duration.ofSeconds(5), 100);
        Credentials credentials = new Credentials(backing, clock);

        assertEquals(Optional.empty(), cache.findAccessKey("GKLATER"));
        AccessKey key = credentials.ensureUserWithKey("dave");
        assertEquals(Optional.of(key), cache.findAccessKey(key.accessKeyId()), "a miss is not remembered");

        // Deleted behind the cache's back: still served until the entry expires.
        backing.deleteAccessKey(key.accessKeyId());
        assertTrue(cache.findAccessKey(key.accessKeyId()).isPresent());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Optional.empty(), cache.findAccessKey(key.accessKeyId()));

        // Deleted through the cache: gone at once.
        AccessKey other = credentials.createAccessKey("dave");
        assertTrue(cache.findAccessKey(other.accessKeyId()).isPresent());
        cache.deleteAccessKey(other.accessKeyId());
        assertEquals(Optional.empty(), cache.findAccessKey(other.accessKeyId()));
    }
}
