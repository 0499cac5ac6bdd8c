package io.granary.s3.auth;

import static io.granary.s3.auth.TestRequests.assertS3Error;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.s3.error.S3Error;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationHeaderParserTest {
    private static final String SIGNATURE = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
    private static final String CREDENTIAL = "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";

    /** Spacing as different clients send it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", SignedHeaders=host;range;x-amz-date, Signature=" + SIGNATURE,
        "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ",SignedHeaders=host;range;x-amz-date,Signature=" + SIGNATURE,
        "AWS4-HMAC-SHA256  Credential=" + CREDENTIAL + " ,  SignedHeaders=host;range;x-amz-date ,Signature=" + SIGNATURE,
        "AWS4-HMAC-SHA256\tCredential=" + CREDENTIAL + ",\tSignedHeaders=host;range;x-amz-date,\tSignature=" + SIGNATURE,
        "  AWS4-HMAC-SHA256 Signature=" + SIGNATURE + ", Credential=" + CREDENTIAL + ", SignedHeaders=host;range;x-amz-date,",
        "AWS4-HMAC-SHA256 Credential = " + CREDENTIAL + ", SignedHeaders=Host;Range;X-Amz-Date, Signature=" + SIGNATURE,
    })
    void acceptsTheSpacingClientsSend(String header) {
        AuthorizationHeader parsed = AuthorizationHeaderParser.parse(header);
        assertEquals("AKIAIOSFODNN7EXAMPLE", parsed.accessKeyId());
        assertEquals(new CredentialScope("20130524", "us-east-1", "s3"), parsed.scope());
        assertEquals(List.of("host", "range", "x-amz-date"), parsed.signedHeaders());
        assertEquals(SIGNATURE, parsed.signature());
    }

    @Test
    void acceptsAnyRegion() {
        AuthorizationHeader parsed = AuthorizationHeaderParser.parse("AWS4-HMAC-SHA256 Credential=KEY/20240101/garage/s3/"
                + "aws4_request, SignedHeaders=host, Signature=" + SIGNATURE);
        assertEquals("garage", parsed.scope().region());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", SignedHeaders=host",
        "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", Signature=" + SIGNATURE,
        "AWS4-HMAC-SHA256 ,",
        "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", Credential=" + CREDENTIAL + ", SignedHeaders=host, Signature=x",
        "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", SignedHeaders=host, Signature=x, Extra=1",
        "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", SignedHeaders=host, Signature",
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3, SignedHeaders=host, Signature=x",
        "AWS4-HMAC-SHA256 Credential=/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x",
        "AWS4-HMAC-SHA256 Credential=KEY//us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x",
        "AWS4-HMAC-SHA256 Credential=KEY/20130524/us-east-1/s3/aws5_request, SignedHeaders=host, Signature=x",
        "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", SignedHeaders=host;;x-amz-date, Signature=x",
    })
    void malformedHeadersAreAuthorizationHeaderMalformed(String header) {
        assertS3Error(S3Error.AUTHORIZATION_HEADER_MALFORMED, () -> AuthorizationHeaderParser.parse(header));
    }

    @Test
    void namesTheMissingComponentsAsAwsDoes() {
        assertEquals("The authorization header is malformed; the authorization header requires three components: "
                + "Credential, SignedHeaders, and Signature.", assertS3Error(S3Error.AUTHORIZATION_HEADER_MALFORMED,
                        () -> AuthorizationHeaderParser.parse("AWS4-HMAC-SHA256 Credential=" + CREDENTIAL)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256Credential=x", "AWS4-ECDSA-P256-SHA256 Credential=x"})
    void otherAlgorithmsAreUnsupported(String header) {
        assertEquals("Unsupported Authorization Type", assertS3Error(S3Error.INVALID_ARGUMENT,
                () -> AuthorizationHeaderParser.parse(header)).getMessage());
    }

    @Test
    void theServiceMustBeS3AndTheDateTheRequestsDay() {
        AuthorizationHeader ec2 = AuthorizationHeaderParser.parse("AWS4-HMAC-SHA256 Credential=KEY/20130524/us-east-1/"
                + "ec2/aws4_request, SignedHeaders=host, Signature=x");
        assertEquals("The authorization header is malformed; incorrect service \"ec2\". This endpoint belongs to \"s3\".",
                assertS3Error(S3Error.AUTHORIZATION_HEADER_MALFORMED,
                        () -> AuthorizationHeaderParser.checkScope(ec2, "20130524T000000Z")).getMessage());
        AuthorizationHeader s3 = AuthorizationHeaderParser.parse("AWS4-HMAC-SHA256 Credential=" + CREDENTIAL
                + ", SignedHeaders=host, Signature=x");
        AuthorizationHeaderParser.checkScope(s3, "20130524T235959Z");
        assertS3Error(S3Error.AUTHORIZATION_HEADER_MALFORMED,
                () -> AuthorizationHeaderParser.checkScope(s3, "20130525T000000Z"));
    }
}
