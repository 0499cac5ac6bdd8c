package io.granary.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.auth.AccessKey;
import io.granary.core.auth.CredentialStore;
import io.granary.core.auth.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CredentialStore} must do; tests use names of their own. */
public abstract class CredentialStoreConformance {
    private CredentialStore store;

    protected abstract CredentialStore store();

    @BeforeEach
    void setUpStore() {
        store = store();
    }

    @Test
    void usersAndKeysRoundTrip() {
        User user = newUser();
        store.createUser(user);
        assertEquals(Optional.of(user), store.findUserByName(user.name()));
        assertEquals(Optional.of(user), store.findUserById(user.id()));
        assertTrue(store.listUsers().contains(user));

        AccessKey key = newKey(user);
        store.createAccessKey(key);
        assertEquals(Optional.of(key), store.findAccessKey(key.accessKeyId()));
        assertEquals(List.of(key), store.listAccessKeys(user.id()));

        store.deleteAccessKey(key.accessKeyId());
        assertEquals(Optional.empty(), store.findAccessKey(key.accessKeyId()));
        assertEquals(List.of(), store.listAccessKeys(user.id()));
    }

    @Test
    void deletingAUserDeletesItsKeys() {
        User user = newUser();
        store.createUser(user);
        AccessKey key = newKey(user);
        store.createAccessKey(key);
        store.deleteUser(user.name());
        assertEquals(Optional.empty(), store.findUserByName(user.name()));
        assertEquals(Optional.empty(), store.findAccessKey(key.accessKeyId()));
    }

    @Test
    void duplicatesAndMissingNamesAreRefused() {
        User user = newUser();
        store.createUser(user);
        assertError(StoreError.ALREADY_EXISTS, () -> store.createUser(user));
        assertError(StoreError.NOT_FOUND, () -> store.deleteUser("no-such-user-" + UUID.randomUUID()));
        assertError(StoreError.NOT_FOUND, () -> store.deleteAccessKey("GKNOSUCHKEY" + System.nanoTime()));
        User ghost = newUser();
        assertError(StoreError.NOT_FOUND, () -> store.createAccessKey(newKey(ghost)));
        AccessKey key = newKey(user);
        store.createAccessKey(key);
        assertError(StoreError.ALREADY_EXISTS, () -> store.createAccessKey(key));
    }

    private static void assertError(StoreError expected, Runnable action) {
        StoreException e = assertThrows(StoreException.class, action::run);
        assertEquals(expected, e.error());
    }

    private static User newUser() {
        String unique = UUID.randomUUID().toString().replace("-", "");
        return new User(unique + unique, "user-" + unique, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static AccessKey newKey(User user) {
        String unique = UUID.randomUUID().toString().replace("-", "").toUpperCase();
        return new AccessKey("GK" + unique.substring(0, 18), "secret/" + unique, user.id(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
