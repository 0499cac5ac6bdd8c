package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.auth.AccessKey;
import io.granary.core.auth.User;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialRowsTest {
    private static final User USER = new User("0123abcd".repeat(8), "alice", Instant.parse("2025-01-02T03:04:05.006Z"));
    private static final AccessKey KEY = new AccessKey("GKABCDEFGHIJKLMNOPQR", "secret/with+odd=chars\uD83D\uDE00",
            USER.id(), Instant.parse("2025-01-02T03:04:05Z"));

    @Test
    void usersAndKeysRoundTrip() {
        assertEquals(USER, CredentialRows.decodeUser(CredentialRows.encodeUser(USER)));
        assertEquals(KEY, CredentialRows.decodeAccessKey(CredentialRows.encodeAccessKey(KEY)));
        assertEquals("ünï", CredentialRows.decodeName(CredentialRows.encodeName("ünï")));
    }

    @Test
    void damagedValuesAreMalformed() {
        byte[] user = CredentialRows.encodeUser(USER);
        assertThrows(MalformedRowException.class, () -> CredentialRows.decodeUser(Arrays.copyOf(user, user.length - 1)));
        assertThrows(MalformedRowException.class, () -> CredentialRows.decodeUser(new byte[] {9}));
        byte[] key = CredentialRows.encodeAccessKey(KEY);
        assertThrows(MalformedRowException.class, () -> CredentialRows.decodeAccessKey(Arrays.copyOf(key, key.length + 1)));
    }

    @Test
    void eachKindOfRowHasItsOwnRange() {
        ScanBounds users = CredentialRows.users();
        assertTrue(inside(users, CredentialRows.userRow("alice")));
        assertTrue(inside(users, CredentialRows.userRow("")));
        for (byte[] other : List.of(CredentialRows.userIdRow(USER.id()), CredentialRows.accessKeyRow(KEY.accessKeyId()),
                CredentialRows.userKeyRow(USER.id(), KEY.accessKeyId()))) {
            assertFalse(inside(users, other));
        }
    }

    @Test
    void aUsersKeyRangeHoldsOnlyItsKeys() {
        ScanBounds keys = CredentialRows.userKeys("abc");
        assertTrue(inside(keys, CredentialRows.userKeyRow("abc", "GK1")));
        assertFalse(inside(keys, CredentialRows.userKeyRow("abcd", "GK1")));
        assertFalse(inside(keys, CredentialRows.userKeyRow("ab", "cGK1")));
        assertEquals("GK1", CredentialRows.accessKeyIdOf(CredentialRows.userKeyRow("abc", "GK1")));
    }

    private static boolean inside(ScanBounds bounds, byte[] row) {
        return Arrays.compareUnsigned(row, bounds.start()) >= 0 && Arrays.compareUnsigned(row, bounds.stop()) < 0;
    }
}
