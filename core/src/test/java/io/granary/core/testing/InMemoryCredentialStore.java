package io.granary.core.testing;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.auth.AccessKey;
import io.granary.core.auth.CredentialStore;
import io.granary.core.auth.User;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link CredentialStore} in memory, for tests. */
public final class InMemoryCredentialStore implements CredentialStore {
    private final Map<String, User> usersByName = new TreeMap<>();
    private final Map<String, AccessKey> keys = new TreeMap<>();

    @Override
    public synchronized void createUser(User user) {
        if (usersByName.containsKey(user.name()) || findUserById(user.id()).isPresent()) {
            throw new StoreException(StoreError.ALREADY_EXISTS, "User exists: " + user.name());
        }
        usersByName.put(user.name(), user);
    }

    @Override
    public synchronized Optional<User> findUserByName(String name) {
        return Optional.ofNullable(usersByName.get(name));
    }

    @Override
    public synchronized Optional<User> findUserById(String id) {
        return usersByName.values().stream().filter(u -> u.id().equals(id)).findFirst();
    }

    @Override
    public synchronized List<User> listUsers() {
        return List.copyOf(usersByName.values());
    }

    @Override
    public synchronized void deleteUser(String name) {
        User user = usersByName.remove(name);
        if (user == null) {
            throw new StoreException(StoreError.NOT_FOUND, "No such user: " + name);
        }
        keys.values().removeIf(k -> k.userId().equals(user.id()));
    }

    @Override
    public synchronized void createAccessKey(AccessKey key) {
        if (findUserById(key.userId()).isEmpty()) {
            throw new StoreException(StoreError.NOT_FOUND, "No such user: " + key.userId());
        }
        if (keys.putIfAbsent(key.accessKeyId(), key) != null) {
            throw new StoreException(StoreError.ALREADY_EXISTS, "Access key exists: " + key.accessKeyId());
        }
    }

    @Override
    public synchronized Optional<AccessKey> findAccessKey(String accessKeyId) {
        return Optional.ofNullable(keys.get(accessKeyId));
    }

    @Override
    public synchronized List<AccessKey> listAccessKeys(String userId) {
        return keys.values().stream().filter(k -> k.userId().equals(userId))
                .sorted(Comparator.comparing(AccessKey::accessKeyId)).toList();
    }

    @Override
    public synchronized void deleteAccessKey(String accessKeyId) {
        if (keys.remove(accessKeyId) == null) {
            throw new StoreException(StoreError.NOT_FOUND, "No such access key: " + accessKeyId);
        }
    }

    @Override
    public void close() {
    }
}
