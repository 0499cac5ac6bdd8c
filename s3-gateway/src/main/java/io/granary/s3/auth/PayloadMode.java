package io.granary.s3.auth;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;

/**
 * How a signed request protects its body, as named by {@code x-amz-content-sha256}.
 */
public enum PayloadMode {
    /** The value is the body's hex SHA-256; the body must hash to it. */
    SIGNED_PAYLOAD(null),
    /** {@code UNSIGNED-PAYLOAD}: the body is not covered by the signature. */
    UNSIGNED_PAYLOAD("UNSIGNED-PAYLOAD"),
    /** aws-chunked with a signature on every chunk. */
    STREAMING_SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
    /** aws-chunked with signed chunks and signed trailing headers (checksums). */
    STREAMING_SIGNED_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
    /** aws-chunked without signatures, ending with trailing headers (checksums). */
    STREAMING_UNSIGNED_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER");

    private static final String ECDSA_PREFIX = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";

    private final String headerValue;

    PayloadMode(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The literal {@code x-amz-content-sha256} value; null for {@link #SIGNED_PAYLOAD}. */
    public String headerValue() {
        return headerValue;
    }

    /** Whether the body is aws-chunked encoded. */
    public boolean isStreaming() {
        return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
    }

    /**
     * The mode an {@code x-amz-content-sha256} value names.
     *
     * @throws S3Exception InvalidArgument, as AWS answers a value it does not know; NotImplemented
     *     for the SigV4a (ECDSA) streaming modes, which need an asymmetric key we do not have
     */
    public static PayloadMode fromHeader(String value) {
        for (PayloadMode mode : values()) {
            if (mode.headerValue != null && mode.headerValue.equals(value)) {
                return mode;
            }
        }
        if (Hex.isSha256(value)) {
            return SIGNED_PAYLOAD;
        }
        if (value.startsWith(ECDSA_PREFIX)) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                    "Signature Version 4A (" + value + ") is not supported; sign with AWS4-HMAC-SHA256.");
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                + "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "
                + "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.")
                .with("ArgumentName", "x-amz-content-sha256")
                .with("ArgumentValue", value);
    }
}
