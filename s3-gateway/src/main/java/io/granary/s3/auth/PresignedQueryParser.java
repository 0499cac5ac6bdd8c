package io.granary.s3.auth;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Parses and checks the {@code X-Amz-*} parameters of a SigV4 presigned URL. */
final class PresignedQueryParser {
    /** AWS's limit on {@code X-Amz-Expires}: seven days. */
    static final long MAX_EXPIRES_SECONDS = 604_800;

    static final String SIGNATURE = "X-Amz-Signature";

    private static final CredentialParser CREDENTIALS = new CredentialParser(
            S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, "Error parsing the X-Amz-Credential parameter; ");
    private static final CredentialParser QUERY = new CredentialParser(
            S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, "");

    private PresignedQueryParser() {
    }

    /** The scope must be for S3 and dated the day of {@code X-Amz-Date}. */
    static void checkScope(PresignedQuery query) {
        CREDENTIALS.checkScope(query.scope(), query.timestamp());
    }

    /** @throws S3Exception AuthorizationQueryParametersError for anything missing or malformed */
    static PresignedQuery parse(List<QueryString.Parameter> parameters) {
        String algorithm = required(parameters, "X-Amz-Algorithm");
        String credential = required(parameters, "X-Amz-Credential");
        String signature = required(parameters, SIGNATURE);
        String timestamp = required(parameters, "X-Amz-Date");
        String signedHeaders = required(parameters, "X-Amz-SignedHeaders");
        String expires = required(parameters, "X-Amz-Expires");
        if (!algorithm.equals(StringToSign.ALGORITHM)) {
            throw QUERY.malformed("X-Amz-Algorithm only supports \"" + StringToSign.ALGORITHM + "\"");
        }
        Instant requestTime = AmzDates.parseBasic(timestamp).orElseThrow(() -> QUERY.malformed(
                "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""));
        CredentialParser.Credential parsed = CREDENTIALS.parseCredential(credential);
        return new PresignedQuery(parsed.accessKeyId(), parsed.scope(), QUERY.parseSignedHeaders(signedHeaders),
                signature, timestamp, requestTime, Duration.ofSeconds(parseExpires(expires)),
                QueryString.single(parameters, "X-Amz-Content-Sha256"));
    }

    private static long parseExpires(String expires) {
        long seconds;
        try {
            seconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw QUERY.malformed("X-Amz-Expires should be a number");
        }
        if (seconds < 0) {
            throw QUERY.malformed("X-Amz-Expires must be non-negative");
        }
        if (seconds > MAX_EXPIRES_SECONDS) {
            throw QUERY.malformed("X-Amz-Expires must be less than a week (in seconds) that is, the given "
                    + "X-Amz-Expires must be less than " + MAX_EXPIRES_SECONDS + " seconds");
        }
        return seconds;
    }

    /** The value of a parameter that must appear exactly once. */
    private static String required(List<QueryString.Parameter> parameters, String name) {
        List<String> values = parameters.stream()
                .filter(parameter -> parameter.name().equals(name))
                .map(QueryString.Parameter::value)
                .toList();
        if (values.size() != 1) {
            throw QUERY.malformed("Query-string authentication version 4 requires the X-Amz-Algorithm, "
                    + "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires "
                    + "parameters.");
        }
        return values.get(0);
    }
}
