package io.granary.s3.auth;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3ErrorStreamException;
import io.granary.s3.error.S3Exception;
import java.util.Objects;

/**
 * The chained signatures of an aws-chunked body: each chunk's signature covers its data and the
 * previous signature, starting from the request's (the seed); the trailer's covers the trailing
 * headers and the final chunk's. Chaining makes chunks impossible to drop, reorder or splice from
 * another upload.
 */
final class ChunkSignatureChain {
    private final SigningContext context;
    private String previous;

    ChunkSignatureChain(SigningContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.previous = context.seedSignature();
    }

    /** Checks the next chunk's signature, given the hex SHA-256 of its data. */
    void verifyChunk(String provided, String chunkSha256) throws S3ErrorStreamException {
        verify(StringToSign.forChunk(context.timestamp(), context.scope(), previous, chunkSha256), provided);
    }

    /** Checks the trailer's signature, given the hex SHA-256 of its {@code name:value\n} lines. */
    void verifyTrailer(String provided, String trailerSha256) throws S3ErrorStreamException {
        verify(StringToSign.forTrailer(context.timestamp(), context.scope(), previous, trailerSha256), provided);
    }

    private void verify(String stringToSign, String provided) throws S3ErrorStreamException {
        String expected = context.key().sign(stringToSign);
        if (!Hex.signaturesEqual(expected, provided)) {
            throw new S3ErrorStreamException(new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH)
                    .with("StringToSign", stringToSign)
                    .with("SignatureProvided", provided));
        }
        previous = expected;
    }
}
