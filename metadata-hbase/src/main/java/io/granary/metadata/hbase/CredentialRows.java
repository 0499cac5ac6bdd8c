package io.granary.metadata.hbase;

import io.granary.core.auth.AccessKey;
import io.granary.core.auth.User;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;

/**
 * Row keys and cell values of the credentials table. Four kinds of row share it, told apart by a
 * text prefix so that each kind is one contiguous range (and readable in the HBase shell):
 *
 * <ul>
 *   <li>{@code user:<name>} holds the user (format 1: id, name, created);
 *   <li>{@code userid:<id>} holds the name of the user with that id (the index behind
 *       {@code findUserById});
 *   <li>{@code key:<access key id>} holds the access key (format 1: access key id, secret, user
 *       id, created);
 *   <li>{@code userkey:<user id> NUL <access key id>} is empty: one per key of a user, so a user's
 *       keys are one short range and never a scan of every key.
 * </ul>
 *
 * Texts are UTF-8 ({@link Utf8Bytes}); values start with a format byte, then
 * {@link FieldWriter}'s encodings.
 */
final class CredentialRows {
    static final int FORMAT = 1;

    private static final String USER = "user:";
    private static final String USER_ID = "userid:";
    private static final String ACCESS_KEY = "key:";
    private static final String USER_KEY = "userkey:";

    private CredentialRows() {
    }

    static byte[] userRow(String name) {
        return rowKey(USER, name);
    }

    static byte[] userIdRow(String id) {
        return rowKey(USER_ID, id);
    }

    static byte[] accessKeyRow(String accessKeyId) {
        return rowKey(ACCESS_KEY, accessKeyId);
    }

    static byte[] userKeyRow(String userId, String accessKeyId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8Bytes.encode(USER_KEY + userId, out);
        out.write(0);
        Utf8Bytes.encode(accessKeyId, out);
        return out.toByteArray();
    }

    /** Every {@code user:} row. */
    static ScanBounds users() {
        return prefixRange(Utf8Bytes.encode(USER));
    }

    /** The {@code userkey:} rows of one user: user ids hold no NUL, so the range is theirs alone. */
    static ScanBounds userKeys(String userId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8Bytes.encode(USER_KEY + userId, out);
        out.write(0);
        return prefixRange(out.toByteArray());
    }

    /** The access key id a {@code userkey:} row names: what follows the NUL after the user id. */
    static String accessKeyIdOf(byte[] userKeyRow) {
        for (int i = 0; i < userKeyRow.length; i++) {
            if (userKeyRow[i] == 0) {
                return Utf8Bytes.decode(userKeyRow, i + 1, userKeyRow.length - i - 1);
            }
        }
        throw new MalformedRowException("not a userkey row");
    }

    static byte[] encodeUser(User user) {
        return new FieldWriter().writeByte(FORMAT)
                .writeText(user.id())
                .writeText(user.name())
                .writeInstant(user.created())
                .toByteArray();
    }

    static User decodeUser(byte[] value) {
        FieldReader in = reader(value, "user");
        String id = in.readText();
        String name = in.readText();
        Instant created = in.readInstant();
        in.finish();
        return new User(id, name, created);
    }

    static byte[] encodeName(String name) {
        return Utf8Bytes.encode(name);
    }

    static String decodeName(byte[] value) {
        return Utf8Bytes.decode(value, 0, value.length);
    }

    static byte[] encodeAccessKey(AccessKey key) {
        return new FieldWriter().writeByte(FORMAT)
                .writeText(key.accessKeyId())
                .writeText(key.secretKey())
                .writeText(key.userId())
                .writeInstant(key.created())
                .toByteArray();
    }

    static AccessKey decodeAccessKey(byte[] value) {
        FieldReader in = reader(value, "access key");
        String accessKeyId = in.readText();
        String secret = in.readText();
        String userId = in.readText();
        Instant created = in.readInstant();
        in.finish();
        return new AccessKey(accessKeyId, secret, userId, created);
    }

    private static FieldReader reader(byte[] value, String kind) {
        FieldReader in = new FieldReader(value);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new MalformedRowException("unknown " + kind + " row format " + format);
        }
        return in;
    }

    private static byte[] rowKey(String kind, String text) {
        return Utf8Bytes.encode(kind + text);
    }

    /** Every row that starts with {@code prefix}: UTF-8 never holds 0xFF, so prefix‖0xFF ends them. */
    private static ScanBounds prefixRange(byte[] prefix) {
        byte[] stop = Arrays.copyOf(prefix, prefix.length + 1);
        stop[prefix.length] = (byte) 0xFF;
        return new ScanBounds(prefix, true, stop);
    }
}
