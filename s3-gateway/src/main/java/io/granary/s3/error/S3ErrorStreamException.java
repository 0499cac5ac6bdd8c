package io.granary.s3.error;

import java.io.IOException;

/**
 * An S3 error found while reading a request body (a chunk signature or payload digest that does
 * not match). It is an {@link IOException} so that it travels through the storage layer's reads
 * unchanged; the gateway unwraps it into the S3 error.
 */
public class S3ErrorStreamException extends IOException {
    private static final long serialVersionUID = 1L;

    private final S3Exception s3Exception;

    public S3ErrorStreamException(S3Exception s3Exception) {
        super(s3Exception.getMessage(), s3Exception);
        this.s3Exception = s3Exception;
    }

    public S3Exception s3Exception() {
        return s3Exception;
    }
}
