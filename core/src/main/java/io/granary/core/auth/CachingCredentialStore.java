package io.granary.core.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A {@link CredentialStore} that remembers the keys and users it found for a short time, so that
 * authenticating a request does not cost metadata reads every time. Only hits are remembered: a key
 * created anywhere works at once. A key or user deleted through another process keeps working here
 * for at most {@code timeToLive}; deletions through this instance take effect at once. Writes go
 * straight to the underlying store. Thread-safe; the cache holds at most {@code maxEntries} of each.
 */
public final class CachingCredentialStore implements CredentialStore {
    private final CredentialStore store;
    private final Clock clock;
    private final Duration timeToLive;
    private final int maxEntries;
    private final Map<String, Entry<AccessKey>> keys = new ConcurrentHashMap<>();
    private final Map<String, Entry<User>> users = new ConcurrentHashMap<>();

    private record Entry<T>(T value, Instant expires) {
    }

    public CachingCredentialStore(CredentialStore store, Clock clock, Duration timeToLive, int maxEntries) {
        this.store = store;
        this.clock = clock;
        this.timeToLive = timeToLive;
        this.maxEntries = maxEntries;
    }

    @Override
    public Optional<AccessKey> findAccessKey(String accessKeyId) {
        return cached(keys, accessKeyId, store::findAccessKey);
    }

    @Override
    public Optional<User> findUserById(String id) {
        return cached(users, id, store::findUserById);
    }

    private <T> Optional<T> cached(Map<String, Entry<T>> cache, String id, Function<String, Optional<T>> lookup) {
        Instant now = clock.instant();
        Entry<T> entry = cache.get(id);
        if (entry != null && now.isBefore(entry.expires())) {
            return Optional.of(entry.value());
        }
        Optional<T> found = lookup.apply(id);
        if (found.isPresent()) {
            if (cache.size() >= maxEntries) {
                // Crude but bounded: a full cache starts over rather than tracking recency.
                cache.clear();
            }
            cache.put(id, new Entry<>(found.get(), now.plus(timeToLive)));
        } else {
            cache.remove(id);
        }
        return found;
    }

    @Override
    public void createUser(User user) {
        store.createUser(user);
    }

    @Override
    public Optional<User> findUserByName(String name) {
        return store.findUserByName(name);
    }

    @Override
    public List<User> listUsers() {
        return store.listUsers();
    }

    @Override
    public void deleteUser(String name) {
        store.findUserByName(name).ifPresent(user -> {
            users.remove(user.id());
            keys.values().removeIf(entry -> entry.value().userId().equals(user.id()));
        });
        store.deleteUser(name);
    }

    @Override
    public void createAccessKey(AccessKey key) {
        store.createAccessKey(key);
    }

    @Override
    public List<AccessKey> listAccessKeys(String userId) {
        return store.listAccessKeys(userId);
    }

    @Override
    public void deleteAccessKey(String accessKeyId) {
        keys.remove(accessKeyId);
        store.deleteAccessKey(accessKeyId);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
