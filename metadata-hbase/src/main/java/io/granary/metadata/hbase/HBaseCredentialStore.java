package io.granary.metadata.hbase;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.auth.AccessKey;
import io.granary.core.auth.CredentialStore;
import io.granary.core.auth.User;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.hbase.client.Connection;

/**
 * {@link CredentialStore} on HBase, in the credentials table ({@link CredentialRows} has the rows).
 *
 * <p>Secrets are stored as given, so the credentials table must be readable only by the services'
 * HBase principal (HBase ACLs or cell-level security in production); encrypting them at rest is
 * future work.
 *
 * <p>A user is two rows and a key two more, and HBase makes only single rows atomic, so every
 * change writes its rows in an order whose every intermediate state is safe, and readers check
 * what they read against the row that decides:
 *
 * <ul>
 *   <li>a user exists for its keys while its {@code userid:} row names it: {@link #createUser}
 *       claims the id first and the name second (undoing the id claim if the name is taken);
 *       {@link #deleteUser} drops the id row first, which disables every key of the user at once,
 *       then the keys, then the user row, so a delete that stopped midway is completed by
 *       deleting again;
 *   <li>{@link #createAccessKey} writes the user's index row, then the key, then checks the user
 *       is still there and takes the key back if not; with the order above, a key created while
 *       its user is being deleted never survives the delete.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} does nothing: the connection belongs to {@link HBaseMetadata}.
 */
final class HBaseCredentialStore implements CredentialStore {
    private final Connection connection;
    private final Schema schema;

    HBaseCredentialStore(Connection connection, Schema schema) {
        this.connection = connection;
        this.schema = schema;
    }

    @Override
    public void createUser(User user) {
        if (user.id().indexOf('\0') >= 0) {
            throw new StoreException(StoreError.INVALID_ARGUMENT, "A user id cannot hold NUL");
        }
        HBaseErrors.call("CreateUser", () -> {
            try (CellTable rows = rows()) {
                byte[] idRow = CredentialRows.userIdRow(user.id());
                byte[] name = CredentialRows.encodeName(user.name());
                if (!rows.putIfAbsent(idRow, name)) {
                    throw new StoreException(StoreError.ALREADY_EXISTS, "A user with id " + user.id() + " exists");
                }
                if (!rows.putIfAbsent(CredentialRows.userRow(user.name()), CredentialRows.encodeUser(user))) {
                    rows.deleteIfUnchanged(idRow, name);
                    throw new StoreException(StoreError.ALREADY_EXISTS, "A user named " + user.name() + " exists");
                }
                return null;
            }
        });
    }

    @Override
    public Optional<User> findUserByName(String name) {
        return HBaseErrors.call("FindUser", () -> {
            try (CellTable rows = rows()) {
                return decodeUser(rows.read(CredentialRows.userRow(name)));
            }
        });
    }

    @Override
    public Optional<User> findUserById(String id) {
        return HBaseErrors.call("FindUser", () -> {
            try (CellTable rows = rows()) {
                return userById(rows, id);
            }
        });
    }

    @Override
    public List<User> listUsers() {
        return HBaseErrors.call("ListUsers", () -> {
            List<User> users = new ArrayList<>();
            try (CellTable rows = rows()) {
                for (CellTable.Cell cell : rows.scan(CredentialRows.users(), Integer.MAX_VALUE, false)) {
                    users.add(CredentialRows.decodeUser(cell.value()));
                }
            }
            return users;
        });
    }

    @Override
    public void deleteUser(String name) {
        HBaseErrors.call("DeleteUser", () -> {
            try (CellTable rows = rows()) {
                byte[] userRow = CredentialRows.userRow(name);
                byte[] current = rows.read(userRow);
                if (current == null) {
                    throw new StoreException(StoreError.NOT_FOUND, "No such user: " + name);
                }
                User user = CredentialRows.decodeUser(current);
                rows.deleteIfUnchanged(CredentialRows.userIdRow(user.id()), CredentialRows.encodeName(name));
                for (CellTable.Cell index : rows.scan(CredentialRows.userKeys(user.id()), Integer.MAX_VALUE, true)) {
                    deleteKeyOf(rows, user.id(), CredentialRows.accessKeyIdOf(index.row()));
                    rows.delete(index.row());
                }
                rows.deleteIfUnchanged(userRow, current);
                return null;
            }
        });
    }

    @Override
    public void createAccessKey(AccessKey key) {
        HBaseErrors.call("CreateAccessKey", () -> {
            try (CellTable rows = rows()) {
                requireUser(rows, key.userId());
                byte[] indexRow = CredentialRows.userKeyRow(key.userId(), key.accessKeyId());
                byte[] keyRow = CredentialRows.accessKeyRow(key.accessKeyId());
                byte[] value = CredentialRows.encodeAccessKey(key);
                // The index row first: a key row the index misses would escape deleteUser.
                rows.put(indexRow, new byte[0]);
                if (!rows.putIfAbsent(keyRow, value)) {
                    byte[] existing = rows.read(keyRow);
                    if (existing != null && !CredentialRows.decodeAccessKey(existing).userId().equals(key.userId())) {
                        // The index row is only right for a key of this user, and that key is another's.
                        rows.delete(indexRow);
                    }
                    throw new StoreException(StoreError.ALREADY_EXISTS, "Access key exists: " + key.accessKeyId());
                }
                if (userById(rows, key.userId()).isEmpty()) {
                    // The user was deleted meanwhile, perhaps after its keys were: take the key back.
                    rows.deleteIfUnchanged(keyRow, value);
                    rows.delete(indexRow);
                    throw new StoreException(StoreError.NOT_FOUND, "No such user: " + key.userId());
                }
                return null;
            }
        });
    }

    @Override
    public Optional<AccessKey> findAccessKey(String accessKeyId) {
        return HBaseErrors.call("FindAccessKey", () -> {
            try (CellTable rows = rows()) {
                byte[] value = rows.read(CredentialRows.accessKeyRow(accessKeyId));
                if (value == null) {
                    return Optional.empty();
                }
                AccessKey key = CredentialRows.decodeAccessKey(value);
                // A key whose user is being (or was partly) deleted grants nothing.
                return rows.exists(CredentialRows.userIdRow(key.userId())) ? Optional.of(key) : Optional.empty();
            }
        });
    }

    @Override
    public List<AccessKey> listAccessKeys(String userId) {
        if (userId.indexOf('\0') >= 0) {
            return List.of();
        }
        return HBaseErrors.call("ListAccessKeys", () -> {
            List<AccessKey> keys = new ArrayList<>();
            try (CellTable rows = rows()) {
                if (!rows.exists(CredentialRows.userIdRow(userId))) {
                    return keys;
                }
                List<byte[]> keyRows = new ArrayList<>();
                for (CellTable.Cell index : rows.scan(CredentialRows.userKeys(userId), Integer.MAX_VALUE, true)) {
                    keyRows.add(CredentialRows.accessKeyRow(CredentialRows.accessKeyIdOf(index.row())));
                }
                for (byte[] value : rows.read(keyRows)) {
                    // Index rows may outlive their key briefly (a failed create, a delete midway).
                    if (value != null) {
                        AccessKey key = CredentialRows.decodeAccessKey(value);
                        if (key.userId().equals(userId)) {
                            keys.add(key);
                        }
                    }
                }
            }
            return keys;
        });
    }

    @Override
    public void deleteAccessKey(String accessKeyId) {
        HBaseErrors.call("DeleteAccessKey", () -> {
            try (CellTable rows = rows()) {
                byte[] keyRow = CredentialRows.accessKeyRow(accessKeyId);
                byte[] current = rows.read(keyRow);
                if (current == null) {
                    throw new StoreException(StoreError.NOT_FOUND, "No such access key: " + accessKeyId);
                }
                AccessKey key = CredentialRows.decodeAccessKey(current);
                // Keys never change once written, so the only race is with another delete.
                rows.deleteIfUnchanged(keyRow, current);
                rows.delete(CredentialRows.userKeyRow(key.userId(), accessKeyId));
                return null;
            }
        });
    }

    @Override
    public void close() {
        // The connection is shared; HBaseMetadata closes it.
    }

    private CellTable rows() throws IOException {
        return new CellTable(connection, schema.credentials(), Schema.CREDENTIAL_FAMILY, Schema.CREDENTIAL_VALUE);
    }

    /** The user whose {@code userid:} row and {@code user:} row agree on id and name. */
    private static Optional<User> userById(CellTable rows, String id) throws IOException {
        byte[] name = rows.read(CredentialRows.userIdRow(id));
        if (name == null) {
            return Optional.empty();
        }
        return decodeUser(rows.read(CredentialRows.userRow(CredentialRows.decodeName(name))))
                .filter(user -> user.id().equals(id));
    }

    private static void requireUser(CellTable rows, String userId) throws IOException {
        if (userById(rows, userId).isEmpty()) {
            throw new StoreException(StoreError.NOT_FOUND, "No such user: " + userId);
        }
    }

    /** Deletes the key {@code accessKeyId} if it belongs to {@code userId}. */
    private static void deleteKeyOf(CellTable rows, String userId, String accessKeyId) throws IOException {
        byte[] keyRow = CredentialRows.accessKeyRow(accessKeyId);
        byte[] value = rows.read(keyRow);
        if (value != null && CredentialRows.decodeAccessKey(value).userId().equals(userId)) {
            rows.deleteIfUnchanged(keyRow, value);
        }
    }

    private static Optional<User> decodeUser(byte[] value) {
        return value == null ? Optional.empty() : Optional.of(CredentialRows.decodeUser(value));
    }
}
