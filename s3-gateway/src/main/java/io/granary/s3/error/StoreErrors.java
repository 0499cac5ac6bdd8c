package io.granary.s3.error;

import io.granary.core.StoreError;
import io.granary.core.StoreException;

/** The one place where storage failures become S3 errors. */
public final class StoreErrors {
    private StoreErrors() {
    }

    public static S3Exception toS3(StoreException e) {
        S3Error error = switch (e.error()) {
            case NO_SUCH_BUCKET -> S3Error.NO_SUCH_BUCKET;
            case NO_SUCH_KEY -> S3Error.NO_SUCH_KEY;
            case BUCKET_ALREADY_EXISTS -> S3Error.BUCKET_ALREADY_EXISTS;
            case BUCKET_ALREADY_OWNED_BY_YOU -> S3Error.BUCKET_ALREADY_OWNED_BY_YOU;
            case BUCKET_NOT_EMPTY -> S3Error.BUCKET_NOT_EMPTY;
            case INVALID_BUCKET_NAME -> S3Error.INVALID_BUCKET_NAME;
            case KEY_TOO_LONG -> S3Error.KEY_TOO_LONG;
            case INVALID_KEY, INVALID_ARGUMENT -> S3Error.INVALID_ARGUMENT;
            case BAD_DIGEST -> S3Error.BAD_DIGEST;
            case INCOMPLETE_BODY -> S3Error.INCOMPLETE_BODY;
            case NO_SUCH_UPLOAD -> S3Error.NO_SUCH_UPLOAD;
            case INVALID_PART -> S3Error.INVALID_PART;
            case INVALID_PART_ORDER -> S3Error.INVALID_PART_ORDER;
            case ENTITY_TOO_SMALL -> S3Error.ENTITY_TOO_SMALL;
            case CONFLICT -> S3Error.OPERATION_ABORTED;
            case UNAVAILABLE -> S3Error.SERVICE_UNAVAILABLE;
            case ALREADY_EXISTS, NOT_FOUND, CORRUPT_DATA, INTERNAL -> S3Error.INTERNAL_ERROR;
        };
        String message = error == S3Error.INTERNAL_ERROR || error == S3Error.SERVICE_UNAVAILABLE
                ? error.defaultMessage() : e.getMessage();
        return new S3Exception(error, message, e);
    }
}
