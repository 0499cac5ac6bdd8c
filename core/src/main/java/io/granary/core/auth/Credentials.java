package io.granary.core.auth;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * Creates users and access keys with fresh random ids and secrets, on top of a
 * {@link CredentialStore}. Access key ids look like AWS's (20 upper-case letters and digits,
 * starting {@code GK}); secrets have 40 characters of base64-like text, 240 random bits.
 */
public final class Credentials {
    private static final char[] KEY_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final CredentialStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Credentials(CredentialStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public CredentialStore store() {
        return store;
    }

    /** Creates a user with a new canonical id. */
    public User createUser(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.@+=,-]{1,64}")) {
            throw new StoreException(StoreError.INVALID_ARGUMENT,
                    "A user name has 1 to 64 letters, digits or _.@+=,- characters: " + name);
        }
        byte[] id = new byte[32];
        random.nextBytes(id);
        User user = new User(HexFormat.of().formatHex(id), name, clock.instant());
        store.createUser(user);
        return user;
    }

    /** Creates a new access key for the user named {@code userName}. */
    public AccessKey createAccessKey(String userName) {
        User user = store.findUserByName(userName)
                .orElseThrow(() -> new StoreException(StoreError.NOT_FOUND, "No such user: " + userName));
        AccessKey key = new AccessKey("GK" + randomText(KEY_ID_CHARS, 18), randomText(SECRET_CHARS, 40),
                user.id(), clock.instant());
        store.createAccessKey(key);
        return key;
    }

    /** The user named {@code name}, created with one access key if it does not exist yet. */
    public AccessKey ensureUserWithKey(String name) {
        User user = store.findUserByName(name).orElse(null);
        if (user == null) {
            createUser(name);
            return createAccessKey(name);
        }
        List<AccessKey> keys = store.listAccessKeys(user.id());
        return keys.isEmpty() ? createAccessKey(name) : keys.get(0);
    }

    private String randomText(char[] alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }
}
