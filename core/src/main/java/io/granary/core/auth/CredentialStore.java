package io.granary.core.auth;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/**
 * Users and their access keys. Thread-safe. Creating what exists fails with
 * {@link io.granary.core.StoreError#ALREADY_EXISTS}; naming what does not exist fails with
 * {@link io.granary.core.StoreError#NOT_FOUND}.
 */
public interface CredentialStore extends Closeable {
    /** Stores a new user; fails if the name or id is taken. */
    void createUser(User user);

    Optional<User> findUserByName(String name);

    Optional<User> findUserById(String id);

    /** Every user, by name. */
    List<User> listUsers();

    /** Deletes the user and every access key it has. */
    void deleteUser(String name);

    /** Stores a new key; its user must exist. */
    void createAccessKey(AccessKey key);

    Optional<AccessKey> findAccessKey(String accessKeyId);

    /** The keys of one user, by id. */
    List<AccessKey> listAccessKeys(String userId);

    void deleteAccessKey(String accessKeyId);
}
