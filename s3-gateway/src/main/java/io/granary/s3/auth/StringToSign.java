package io.granary.s3.auth;

/**
 * The three strings to sign of SigV4 for S3: the request, each chunk, and the trailer. Public for
 * clients of our own that sign requests (the command line's S3 transfers). Pure functions.
 */
public final class StringToSign {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
    static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";

    private StringToSign() {
    }

    /** For a request: algorithm, timestamp, scope, hex SHA-256 of the canonical request. */
    public static String forRequest(String timestamp, CredentialScope scope, String canonicalRequest) {
        return ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + Hex.sha256(canonicalRequest);
    }

    /**
     * For one aws-chunked chunk: chained to the previous signature (the seed for the first chunk);
     * the fifth line is the hash of an empty string, a slot AWS reserved for chunk headers.
     */
    static String forChunk(String timestamp, CredentialScope scope, String previousSignature, String chunkSha256) {
        return CHUNK_ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + previousSignature + "\n"
                + Hex.EMPTY_SHA256 + "\n" + chunkSha256;
    }

    /**
     * For the trailing headers, chained to the final chunk's signature; {@code trailerSha256} is
     * the hash of the trailers as {@code name:value\n} lines.
     */
    static String forTrailer(String timestamp, CredentialScope scope, String previousSignature, String trailerSha256) {
        return TRAILER_ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + previousSignature + "\n" + trailerSha256;
    }
}
