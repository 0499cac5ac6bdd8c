package io.granary.s3.auth;

import static io.granary.s3.auth.TestRequests.assertS3Error;
import static io.granary.s3.auth.TestRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.s3.error.S3Error;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticationSchemeTest {
    @ParameterizedTest(name = "{1} {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            ANONYMOUS           | -                                            | prefix=a
            SIGNATURE_V4_HEADER | AWS4-HMAC-SHA256 Credential=K/d/r/s3/aws4_request, SignedHeaders=host, Signature=0 | -
            SIGNATURE_V4_HEADER | '  AWS4-HMAC-SHA256  Credential=x'          | -
            SIGNATURE_V2_HEADER | AWS AKIAIOSFODNN7EXAMPLE:c2lnbmF0dXJl       | -
            SIGNATURE_V4_QUERY  | -                                            | X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x
            SIGNATURE_V2_QUERY  | -                                            | AWSAccessKeyId=K&Expires=1&Signature=c2ln
            """)
    void detectsTheSchemeFromWhatIsPresent(AuthenticationScheme expected, String authorization, String query) {
        SignedRequest request = authorization == null
                ? request("GET", "/", query == null ? "" : query, "Host", "h")
                : request("GET", "/", query == null ? "" : query, "Host", "h", "Authorization", authorization);
        assertEquals(expected, AuthenticationScheme.detect(request));
    }

    @Test
    void onlyOneMechanismIsAllowed() {
        SignedRequest request = request("GET", "/", "X-Amz-Algorithm=AWS4-HMAC-SHA256", "Authorization",
                "AWS4-HMAC-SHA256 Credential=x");
        assertEquals("Authorization", assertS3Error(S3Error.INVALID_ARGUMENT,
                () -> AuthenticationScheme.detect(request)).details().get("ArgumentName"));
    }

    @Test
    void otherAuthorizationTypesAreUnsupported() {
        assertEquals("Unsupported Authorization Type", assertS3Error(S3Error.INVALID_ARGUMENT,
                () -> AuthenticationScheme.detect(request("GET", "/", "", "Authorization", "Bearer token"))).getMessage());
    }
}
