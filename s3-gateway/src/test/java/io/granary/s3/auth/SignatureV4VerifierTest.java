package io.granary.s3.auth;

import static io.granary.s3.auth.TestRequests.assertS3Error;
import static io.granary.s3.auth.TestRequests.presign;
import static io.granary.s3.auth.TestRequests.replaceHeader;
import static io.granary.s3.auth.TestRequests.request;
import static io.granary.s3.auth.TestRequests.sign;
import static io.granary.s3.auth.TestRequests.withHeader;
import static io.granary.s3.auth.TestRequests.withPath;
import static io.granary.s3.auth.TestRequests.withQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.auth.AccessKey;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureV4VerifierTest {
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    private static final String TIMESTAMP = "20240301T120000Z";
    private static final CredentialScope SCOPE = new CredentialScope("20240301", "us-east-1", "s3");
    private static final String KEY_ID = "GKTESTKEY0000000001";
    private static final String SECRET = "s3cr3t+/secret+/secret+/secret+/secret+/";
    private static final AccessKeyLookup LOOKUP = id -> id.equals(KEY_ID)
            ? Optional.of(new AccessKey(KEY_ID, SECRET, "user-42", Instant.EPOCH)) : Optional.empty();
    private static final String HOST = "s3.granary.test:8080";
    private static final String PAYLOAD_HASH = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";

    private final SignatureV4Verifier verifier = verifierAt(NOW);

    private static SignatureV4Verifier verifierAt(Instant now) {
        return new SignatureV4Verifier(LOOKUP, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A PUT as an SDK signs it: every header signed. */
    private static SignedRequest unsignedPut() {
        return request("PUT", "/bucket/photos/2024/my%20cat.jpg", "x-id=PutObject", "Host", HOST,
                "x-amz-date", TIMESTAMP, "x-amz-content-sha256", PAYLOAD_HASH, "Content-Type", "image/jpeg",
                "x-amz-meta-camera", "  Pentax   K-1 ");
    }

    private static SignedRequest signedPut() {
        return sign(unsignedPut(), KEY_ID, SECRET, SCOPE, TIMESTAMP);
    }

    @Test
    void acceptsASignedRequest() {
        Authentication authentication = verifier.verify(signedPut());
        assertEquals(KEY_ID, authentication.accessKeyId());
        assertEquals("user-42", authentication.userId());
        assertEquals(AuthenticationScheme.SIGNATURE_V4_HEADER, authentication.scheme());
        assertEquals(PayloadMode.SIGNED_PAYLOAD, authentication.payloadMode());
        assertEquals(PAYLOAD_HASH, authentication.contentSha256());
        assertEquals(NOW, authentication.requestTime());
        assertEquals(SCOPE, authentication.signing().scope());
        assertEquals(TIMESTAMP, authentication.signing().timestamp());
    }

    /** A private cloud has one region; clients sign with whichever they were configured with. */
    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-west-3", "garage", "granary"})
    void acceptsAnyRegion(String region) {
        CredentialScope scope = new CredentialScope("20240301", region, "s3");
        assertEquals(region, verifier.verify(sign(unsignedPut(), KEY_ID, SECRET, scope, TIMESTAMP)).region());
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatchWithAwsDetails() {
        SignedRequest request = sign(unsignedPut(), KEY_ID, "not-the-secret", SCOPE, TIMESTAMP);
        S3Exception error = assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(request));
        Map<String, String> details = error.details();
        assertEquals(KEY_ID, details.get("AWSAccessKeyId"));
        assertTrue(details.get("StringToSign").startsWith("AWS4-HMAC-SHA256\n" + TIMESTAMP + "\n" + SCOPE + "\n"));
        assertTrue(details.get("CanonicalRequest").startsWith("PUT\n/bucket/photos/2024/my%20cat.jpg\nx-id=PutObject\n"));
        assertTrue(details.get("CanonicalRequest").contains("\nx-amz-meta-camera:Pentax K-1\n"));
        assertTrue(request.header("Authorization").orElseThrow().endsWith(details.get("SignatureProvided")));
        assertTrue(details.get("StringToSignBytes").startsWith("41 57 53 34"));
        List<String> order = new ArrayList<>();
        error.orderedDetails().forEach(detail -> order.add(detail.getKey()));
        assertEquals(List.of("AWSAccessKeyId", "StringToSign", "SignatureProvided", "StringToSignBytes",
                "CanonicalRequest", "CanonicalRequestBytes"), order);
    }

    @Test
    void anUnknownKeyIsInvalidAccessKeyId() {
        SignedRequest request = sign(unsignedPut(), "GKNOSUCHKEY", SECRET, SCOPE, TIMESTAMP);
        S3Exception error = assertS3Error(S3Error.INVALID_ACCESS_KEY_ID, () -> verifier.verify(request));
        assertEquals("GKNOSUCHKEY", error.details().get("AWSAccessKeyId"));
    }

    /** Any change to what was signed breaks the signature. */
    static Stream<Arguments> tamperings() {
        return Stream.of(
                Arguments.of("header value", (UnaryOperator<SignedRequest>) r -> replaceHeader(r, "Content-Type", "text/html")),
                Arguments.of("repeated header", (UnaryOperator<SignedRequest>) r -> withHeader(r, "x-amz-meta-camera", "x")),
                Arguments.of("host", (UnaryOperator<SignedRequest>) r -> replaceHeader(r, "Host", "evil.example")),
                Arguments.of("payload hash", (UnaryOperator<SignedRequest>) r -> replaceHeader(r, "x-amz-content-sha256",
                        Hex.EMPTY_SHA256)),
                Arguments.of("path", (UnaryOperator<SignedRequest>) r -> withPath(r, "/bucket/photos/2024/my%20dog.jpg")),
                Arguments.of("bucket", (UnaryOperator<SignedRequest>) r -> withPath(r, "/other/photos/2024/my%20cat.jpg")),
                Arguments.of("query value", (UnaryOperator<SignedRequest>) r -> withQuery(r, "x-id=DeleteObject")),
                Arguments.of("added query", (UnaryOperator<SignedRequest>) r -> withQuery(r, "x-id=PutObject&acl")),
                Arguments.of("method", (UnaryOperator<SignedRequest>) r -> new SignedRequest("POST", r.rawPath(),
                        r.rawQuery(), r.headers())),
                Arguments.of("signature", (UnaryOperator<SignedRequest>) r -> replaceHeader(r, "Authorization",
                        flipLastCharacter(r.header("Authorization").orElseThrow()))));
    }

    private static String flipLastCharacter(String text) {
        char last = text.charAt(text.length() - 1);
        return text.substring(0, text.length() - 1) + (last == '0' ? '1' : '0');
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void tamperingIsSignatureDoesNotMatch(String what, UnaryOperator<SignedRequest> tamper) {
        SignedRequest tampered = tamper.apply(signedPut());
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(tampered));
    }

    @Test
    void aRequestOutsideFifteenMinutesIsRequestTimeTooSkewed() {
        SignedRequest request = signedPut();
        verifierAt(NOW.plus(Duration.ofMinutes(15))).verify(request);
        verifierAt(NOW.minus(Duration.ofMinutes(15))).verify(request);
        S3Exception error = assertS3Error(S3Error.REQUEST_TIME_TOO_SKEWED,
                () -> verifierAt(NOW.plus(Duration.ofMinutes(15)).plusSeconds(1)).verify(request));
        assertEquals(Map.of("RequestTime", TIMESTAMP, "ServerTime", "2024-03-01T12:15:01Z",
                "MaxAllowedSkewMilliseconds", "900000"), error.details());
        assertS3Error(S3Error.REQUEST_TIME_TOO_SKEWED, () -> verifierAt(NOW.minus(Duration.ofHours(2))).verify(request));
    }

    @Test
    void aHeaderRequestMustCarryThePayloadHash() {
        SignedRequest request = sign(replaceHeader(unsignedPut(), "x-amz-content-sha256", null), KEY_ID, SECRET, SCOPE,
                TIMESTAMP);
        assertEquals("Missing required header for this request: x-amz-content-sha256",
                assertS3Error(S3Error.INVALID_REQUEST, () -> verifier.verify(request)).getMessage());
    }

    @Test
    void anUnknownPayloadHashValueIsInvalidArgument() {
        SignedRequest request = sign(replaceHeader(unsignedPut(), "x-amz-content-sha256", "GIBBERISH"), KEY_ID, SECRET,
                SCOPE, TIMESTAMP);
        S3Exception error = assertS3Error(S3Error.INVALID_ARGUMENT, () -> verifier.verify(request));
        assertEquals(Map.of("ArgumentName", "x-amz-content-sha256", "ArgumentValue", "GIBBERISH"), error.details());
    }

    @Test
    void anUndatedRequestIsAccessDenied() {
        SignedRequest request = sign(replaceHeader(unsignedPut(), "x-amz-date", null), KEY_ID, SECRET, SCOPE, TIMESTAMP);
        assertEquals("AWS authentication requires a valid Date or x-amz-date header",
                assertS3Error(S3Error.ACCESS_DENIED, () -> verifier.verify(request)).getMessage());
        SignedRequest badDate = sign(replaceHeader(unsignedPut(), "x-amz-date", "2024-03-01T12:00:00Z"), KEY_ID, SECRET,
                SCOPE, TIMESTAMP);
        assertS3Error(S3Error.ACCESS_DENIED, () -> verifier.verify(badDate));
    }

    @Test
    void theDateHeaderDatesARequestWithoutXAmzDate() {
        SignedRequest request = sign(replaceHeader(replaceHeader(unsignedPut(), "x-amz-date", null), "Date",
                "Fri, 01 Mar 2024 12:00:00 GMT"), KEY_ID, SECRET, SCOPE, TIMESTAMP);
        assertEquals(NOW, verifier.verify(request).requestTime());
    }

    @Test
    void theCredentialDateMustBeTheRequestsDay() {
        CredentialScope yesterday = new CredentialScope("20240229", "us-east-1", "s3");
        SignedRequest request = sign(unsignedPut(), KEY_ID, SECRET, yesterday, TIMESTAMP);
        assertS3Error(S3Error.AUTHORIZATION_HEADER_MALFORMED, () -> verifier.verify(request));
    }

    @Test
    void theServiceMustBeS3() {
        CredentialScope ec2 = new CredentialScope("20240301", "us-east-1", "ec2");
        SignedRequest request = sign(unsignedPut(), KEY_ID, SECRET, ec2, TIMESTAMP);
        assertS3Error(S3Error.AUTHORIZATION_HEADER_MALFORMED, () -> verifier.verify(request));
    }

    @Test
    void hostAndEveryAmzHeaderMustBeSigned() {
        SignedRequest withoutHost = sign(replaceHeader(unsignedPut(), "Host", null), KEY_ID, SECRET, SCOPE, TIMESTAMP);
        SignedRequest unsignedHost = withHeader(withoutHost, "Host", HOST);
        assertEquals(Map.of("HeadersNotSigned", "host"),
                assertS3Error(S3Error.ACCESS_DENIED, () -> verifier.verify(unsignedHost)).details());

        SignedRequest injected = withHeader(signedPut(), "x-amz-acl", "public-read");
        S3Exception error = assertS3Error(S3Error.ACCESS_DENIED, () -> verifier.verify(injected));
        assertEquals("There were headers present in the request which were not signed", error.getMessage());
        assertEquals(Map.of("HeadersNotSigned", "x-amz-acl"), error.details());

        // Unsigned headers outside x-amz-* are the client's business, as on AWS.
        verifier.verify(withHeader(signedPut(), "User-Agent", "aws-cli/2.15"));
    }

    @Test
    void aPathSignedExactlyAsSentIsAcceptedToo() {
        // Lower-case escapes, signed as sent: AWS's canonical form would upper-case them.
        SignedRequest request = request("GET", "/bucket/%c3%bc", "", "Host", HOST, "x-amz-date", TIMESTAMP,
                "x-amz-content-sha256", Hex.EMPTY_SHA256);
        String signature = SigningKey.derive(SECRET, SCOPE).sign(StringToSign.forRequest(TIMESTAMP, SCOPE,
                CanonicalRequest.of(request, List.of("host", "x-amz-content-sha256", "x-amz-date"), Hex.EMPTY_SHA256,
                        name -> false).withUri("/bucket/%c3%bc").text()));
        SignedRequest signed = withHeader(request, "Authorization", "AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/" + SCOPE
                + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature);
        assertEquals(KEY_ID, verifier.verify(signed).accessKeyId());
    }

    @Test
    void aKeyWithDoubleSlashesSentAsTheJavaSdkDoes() {
        // The AWS SDK for Java 1.x signs "/bucket/a//b" but sends "/bucket/a/%2Fb".
        SignedRequest signedAsIs = sign(request("GET", "/bucket/a//b", "", "Host", HOST, "x-amz-date", TIMESTAMP,
                "x-amz-content-sha256", Hex.EMPTY_SHA256), KEY_ID, SECRET, SCOPE, TIMESTAMP);
        assertEquals(KEY_ID, verifier.verify(withPath(signedAsIs, "/bucket/a/%2Fb")).accessKeyId());
    }

    @Test
    void streamingPayloadModesAreReported() {
        for (PayloadMode mode : List.of(PayloadMode.UNSIGNED_PAYLOAD, PayloadMode.STREAMING_SIGNED,
                PayloadMode.STREAMING_SIGNED_TRAILER, PayloadMode.STREAMING_UNSIGNED_TRAILER)) {
            SignedRequest request = sign(replaceHeader(unsignedPut(), "x-amz-content-sha256", mode.headerValue()), KEY_ID,
                    SECRET, SCOPE, TIMESTAMP);
            Authentication authentication = verifier.verify(request);
            assertEquals(mode, authentication.payloadMode());
            assertEquals(AuthorizationHeaderParser.parse(request.header("Authorization").orElseThrow()).signature(),
                    authentication.signing().seedSignature());
        }
    }

    @Test
    void sigV4aStreamingIsNotImplemented() {
        SignedRequest request = sign(replaceHeader(unsignedPut(), "x-amz-content-sha256",
                "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD"), KEY_ID, SECRET, SCOPE, TIMESTAMP);
        assertS3Error(S3Error.NOT_IMPLEMENTED, () -> verifier.verify(request));
    }

    @Test
    void requestsNotSignedWithSigV4AreRefused() {
        assertS3Error(S3Error.ACCESS_DENIED, () -> verifier.verify(request("GET", "/bucket", "", "Host", HOST)));
        assertEquals("Unsupported Authorization Type", assertS3Error(S3Error.INVALID_ARGUMENT, () -> verifier.verify(
                request("GET", "/bucket", "", "Host", HOST, "Authorization", "AWS KEY:c2lnbmF0dXJl"))).getMessage());
        assertS3Error(S3Error.INVALID_ARGUMENT, () -> verifier.verify(
                withQuery(signedPut(), "X-Amz-Algorithm=AWS4-HMAC-SHA256")));
    }

    // Presigned URLs.

    private static SignedRequest presigned(long expiresSeconds) {
        return presign(request("GET", "/bucket/report%202024.pdf", "response-content-type=application%2Fpdf",
                "Host", HOST), KEY_ID, SECRET, SCOPE, TIMESTAMP, expiresSeconds);
    }

    @Test
    void acceptsAPresignedUrlUntilItExpires() {
        SignedRequest request = presigned(3600);
        Authentication authentication = verifier.verify(request);
        assertEquals(AuthenticationScheme.SIGNATURE_V4_QUERY, authentication.scheme());
        assertEquals(PayloadMode.UNSIGNED_PAYLOAD, authentication.payloadMode());
        assertEquals("UNSIGNED-PAYLOAD", authentication.contentSha256());
        verifierAt(NOW.plusSeconds(3600)).verify(request);

        S3Exception expired = assertS3Error(S3Error.ACCESS_DENIED, () -> verifierAt(NOW.plusSeconds(3601)).verify(request));
        assertEquals("Request has expired", expired.getMessage());
        assertEquals(Map.of("X-Amz-Expires", "3600", "Expires", "2024-03-01T13:00:00Z", "ServerTime",
                "2024-03-01T13:00:01Z"), expired.details());
    }

    @Test
    void aPresignedUrlIsNotValidBeforeItsDate() {
        SignedRequest request = presigned(3600);
        verifierAt(NOW.minus(Duration.ofMinutes(15))).verify(request);
        assertEquals("Request is not yet valid", assertS3Error(S3Error.ACCESS_DENIED,
                () -> verifierAt(NOW.minus(Duration.ofMinutes(16))).verify(request)).getMessage());
    }

    @Test
    void aPresignedUrlLastsAtMostAWeek() {
        verifier.verify(presigned(604_800));
        assertS3Error(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, () -> verifier.verify(presigned(604_801)));
        assertS3Error(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, () -> verifier.verify(presigned(-1)));
    }

    static Stream<Arguments> presignedTamperings() {
        return Stream.of(
                Arguments.of("expiry", "X-Amz-Expires=3600", "X-Amz-Expires=7200"),
                Arguments.of("query", "response-content-type=application%2Fpdf", "response-content-type=text%2Fhtml"),
                Arguments.of("date", "X-Amz-Date=20240301T120000Z", "X-Amz-Date=20240301T120001Z"),
                Arguments.of("signature", "X-Amz-Signature=", "X-Amz-Signature=0"),
                Arguments.of("signed headers", "X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bx-amz-date"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presignedTamperings")
    void aTamperedPresignedUrlIsSignatureDoesNotMatch(String what, String original, String replacement) {
        SignedRequest request = presigned(3600);
        SignedRequest tampered = withQuery(request, request.rawQuery().replace(original, replacement));
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(tampered));
    }

    @Test
    void aPresignedUrlCoversItsPathAndEveryOtherParameter() {
        SignedRequest request = presigned(3600);
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH,
                () -> verifier.verify(withQuery(request, request.rawQuery() + "&uploadId=1")));
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH,
                () -> verifier.verify(withPath(request, "/bucket/other.pdf")));
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH,
                () -> verifier.verify(new SignedRequest("PUT", request.rawPath(), request.rawQuery(), request.headers())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240301T120000Z",
        "X-Amz-Algorithm=AWS4-HMAC-SHA1&X-Amz-Credential=K%2F20240301%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20240301T120000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=K%2F20240301%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=2024-03-01&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=K%2F20240301%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20240301T120000Z&X-Amz-Expires=soon&X-Amz-SignedHeaders=host&X-Amz-Signature=00",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=K%2F20240301%2Fus-east-1%2Fs3"
                + "&X-Amz-Date=20240301T120000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=K%2F20240229%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20240301T120000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=K%2F20240301%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20240301T120000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00"
                + "&X-Amz-Signature=01"})
    void malformedPresignedParametersAreAuthorizationQueryParametersError(String query) {
        assertS3Error(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                () -> verifier.verify(request("GET", "/bucket/key", query, "Host", HOST)));
    }

    @Test
    void aPresignedUrlMustSignTheHost() {
        SignedRequest request = presign(request("GET", "/bucket/key", "", "x-amz-meta-a", "1"), KEY_ID, SECRET, SCOPE,
                TIMESTAMP, 60);
        assertEquals(Map.of("HeadersNotSigned", "host"), assertS3Error(S3Error.ACCESS_DENIED,
                () -> verifier.verify(withHeader(request, "Host", HOST))).details());
    }
}
