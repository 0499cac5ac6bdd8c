package io.granary.core;

/**
 * Why a storage operation failed, in terms a protocol front end can translate into its own error
 * codes. Backends translate their own failures into these in one place each.
 */
public enum StoreError {
    /** The named bucket does not exist. */
    NO_SUCH_BUCKET,
    /** The named key has no current object. */
    NO_SUCH_KEY,
    /** Another owner already holds a bucket with this name. */
    BUCKET_ALREADY_EXISTS,
    /** The caller already owns a bucket with this name. */
    BUCKET_ALREADY_OWNED_BY_YOU,
    /** The bucket still holds objects. */
    BUCKET_NOT_EMPTY,
    /** The bucket name breaks the naming rules. */
    INVALID_BUCKET_NAME,
    /** The key is longer than 1024 bytes of UTF-8. */
    KEY_TOO_LONG,
    /** The key is empty or holds a character the store cannot keep (NUL). */
    INVALID_KEY,
    /** The bytes received do not match the MD5 digest the client declared. */
    BAD_DIGEST,
    /** Fewer (or more) bytes arrived than the declared length. */
    INCOMPLETE_BODY,
    /** An argument is malformed (the message says which). */
    INVALID_ARGUMENT,
    /** The named multipart upload does not exist (it may have been completed or aborted). */
    NO_SUCH_UPLOAD,
    /** A part a completion names was not uploaded, or has another ETag. */
    INVALID_PART,
    /** The parts a completion names are not in ascending order of part number. */
    INVALID_PART_ORDER,
    /** A part other than the last of a completion is below the minimum part size. */
    ENTITY_TOO_SMALL,
    /** Another operation on the same resource is in progress; retrying later may work. */
    CONFLICT,
    /** A user or access key that was to be created already exists. */
    ALREADY_EXISTS,
    /** A user or access key that was named does not exist. */
    NOT_FOUND,
    /** Stored bytes failed their checksum: the data is damaged and was not returned. */
    CORRUPT_DATA,
    /** The storage tier cannot be reached or refused the operation for now; retrying may work. */
    UNAVAILABLE,
    /** Anything else: a bug or an unexpected backend state. */
    INTERNAL
}
