package io.granary.s3.auth;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.util.List;

/** How a request claims to be authenticated. */
public enum AuthenticationScheme {
    /** No {@code Authorization} header and no signature parameters. */
    ANONYMOUS,
    /** {@code Authorization: AWS AKID:signature}. */
    SIGNATURE_V2_HEADER,
    /** A SigV2 presigned URL ({@code AWSAccessKeyId}, {@code Expires}, {@code Signature}). */
    SIGNATURE_V2_QUERY,
    /** {@code Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…}. */
    SIGNATURE_V4_HEADER,
    /** A SigV4 presigned URL ({@code X-Amz-Algorithm=AWS4-HMAC-SHA256&…}). */
    SIGNATURE_V4_QUERY;

    private static final String AUTHORIZATION = "Authorization";

    /**
     * The scheme a request uses, looking only at which header or parameters are present (whether
     * they are well formed is for the verifier).
     *
     * @throws S3Exception InvalidArgument if the request carries both an {@code Authorization}
     *     header and signature parameters, or an {@code Authorization} header of another kind
     */
    public static AuthenticationScheme detect(SignedRequest request) {
        List<QueryString.Parameter> parameters = QueryString.parse(request.rawQuery());
        boolean v4Query = has(parameters, "X-Amz-Algorithm");
        boolean v2Query = has(parameters, "Signature") && has(parameters, "AWSAccessKeyId");
        String authorization = request.header(AUTHORIZATION).orElse(null);
        if (authorization == null) {
            return v4Query ? SIGNATURE_V4_QUERY : v2Query ? SIGNATURE_V2_QUERY : ANONYMOUS;
        }
        if (v4Query || v2Query) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Only one auth mechanism allowed; only the "
                    + "X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization "
                    + "header should be specified")
                    .with("ArgumentName", AUTHORIZATION)
                    .with("ArgumentValue", authorization);
        }
        String value = authorization.strip();
        if (startsWithWord(value, StringToSign.ALGORITHM)) {
            return SIGNATURE_V4_HEADER;
        }
        if (startsWithWord(value, "AWS")) {
            return SIGNATURE_V2_HEADER;
        }
        throw unsupported(authorization);
    }

    static S3Exception unsupported(String authorization) {
        return new S3Exception(S3Error.INVALID_ARGUMENT, "Unsupported Authorization Type")
                .with("ArgumentName", AUTHORIZATION)
                .with("ArgumentValue", authorization);
    }

    private static boolean has(List<QueryString.Parameter> parameters, String name) {
        return parameters.stream().anyMatch(parameter -> parameter.name().equals(name));
    }

    /** Whether {@code value} is {@code word} followed by whitespace. */
    private static boolean startsWithWord(String value, String word) {
        return value.length() > word.length() && value.startsWith(word)
                && Character.isWhitespace(value.charAt(word.length()));
    }
}
