package io.granary.s3.auth;

import static io.granary.s3.auth.TestRequests.assertS3Error;
import static io.granary.s3.auth.TestRequests.replaceHeader;
import static io.granary.s3.auth.TestRequests.request;
import static io.granary.s3.auth.TestRequests.withHeader;
import static io.granary.s3.auth.TestRequests.withPath;
import static io.granary.s3.auth.TestRequests.withQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.auth.AccessKey;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureV2VerifierTest {
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    private static final String DATE = "Fri, 01 Mar 2024 12:00:00 GMT";
    private static final String KEY_ID = "GKTESTKEY0000000001";
    private static final String SECRET = "s3cr3t+/secret+/secret+/secret+/secret+/";
    private static final AccessKeyLookup LOOKUP = id -> id.equals(KEY_ID)
            ? Optional.of(new AccessKey(KEY_ID, SECRET, "user-42", Instant.EPOCH)) : Optional.empty();
    private static final String HOST = "s3.granary.test:8080";
    private static final long EXPIRES = NOW.getEpochSecond() + 3600;

    private final SignatureV2Verifier verifier = verifierAt(NOW);

    private static SignatureV2Verifier verifierAt(Instant now) {
        return new SignatureV2Verifier(LOOKUP, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A PUT as the SDK for Java v1's S3Signer sends it, path style, with a key that needs escaping. */
    private static SignedRequest unsignedPut() {
        return request("PUT", "/bucket/photos/2024/my%20cat%C3%A9.jpg", "", "Host", HOST, "Date", DATE,
                "Content-Type", "image/jpeg", "Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==",
                "x-amz-meta-camera", "Pentax K-1", "x-amz-storage-class", "REDUCED_REDUNDANCY");
    }

    /** Adds the Authorization header a client computes for the request. */
    private static SignedRequest sign(SignedRequest request, String bucketFromHost, String secret) {
        String signature = V2Signature.sign(secret, V2StringToSign.forHeader(request, bucketFromHost));
        return withHeader(request, "Authorization", "AWS " + KEY_ID + ":" + signature);
    }

    private static SignedRequest sign(SignedRequest request) {
        return sign(request, null, SECRET);
    }

    /** Presigns a request: adds AWSAccessKeyId, Expires and the URL-encoded Signature to its query. */
    private static SignedRequest presign(SignedRequest request, String bucketFromHost, long expires) {
        String signature = V2Signature.sign(SECRET, V2StringToSign.forQuery(request, bucketFromHost,
                Long.toString(expires)));
        String authorization = "AWSAccessKeyId=" + KEY_ID + "&Expires=" + expires
                + "&Signature=" + UriEncoding.encode(signature, false);
        String query = request.rawQuery().isEmpty() ? authorization : request.rawQuery() + "&" + authorization;
        return withQuery(request, query);
    }

    private static SignedRequest presignedGet() {
        return presign(request("GET", "/bucket/report%202024.pdf", "", "Host", HOST), null, EXPIRES);
    }

    @Test
    void acceptsASignedRequest() {
        Authentication authentication = verifier.verify(sign(unsignedPut()));

        assertEquals(KEY_ID, authentication.accessKeyId());
        assertEquals("user-42", authentication.userId());
        assertEquals(AuthenticationScheme.SIGNATURE_V2_HEADER, authentication.scheme());
        assertEquals(NOW, authentication.requestTime());
        assertEquals(PayloadMode.UNSIGNED_PAYLOAD, authentication.payloadMode());
        assertEquals("UNSIGNED-PAYLOAD", authentication.contentSha256());
    }

    @Test
    void signsThePathAsSentAndTheAmzHeadersSorted() {
        assertEquals("PUT\n1B2M2Y8AsgTpgAmY7PhCfg==\nimage/jpeg\n" + DATE + "\n"
                        + "x-amz-meta-camera:Pentax K-1\nx-amz-storage-class:REDUCED_REDUNDANCY\n"
                        + "/bucket/photos/2024/my%20cat%C3%A9.jpg",
                V2StringToSign.forHeader(unsignedPut(), null));
    }

    @Test
    void virtualHostedStyleSignsTheBucketFromTheHost() {
        SignedRequest request = request("GET", "/photos/a%2Bb.jpg", "", "Host", "bucket.s3.granary.test:8080",
                "Date", DATE);
        assertEquals("GET\n\n\n" + DATE + "\n/bucket/photos/a%2Bb.jpg", V2StringToSign.forHeader(request, "bucket"));
        SignedRequest signed = sign(request, "bucket", SECRET);

        verifier.verify(signed, "bucket");
        S3Exception otherBucket = assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH,
                () -> verifier.verify(signed, "other"));
        assertEquals("GET\n\n\n" + DATE + "\n/other/photos/a%2Bb.jpg", otherBucket.details().get("StringToSign"));
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(signed));
    }

    @Test
    void amzDateEmptiesTheDateLineAndIsSignedAsAHeader() {
        // s3cmd's form: x-amz-date, no Date header.
        SignedRequest request = request("GET", "/bucket/key", "", "Host", HOST, "x-amz-date", "Fri, 01 Mar 2024 "
                + "12:00:00 +0000");
        assertEquals("GET\n\n\n\nx-amz-date:Fri, 01 Mar 2024 12:00:00 +0000\n/bucket/key",
                V2StringToSign.forHeader(request, null));
        assertEquals(NOW, verifier.verify(sign(request)).requestTime());

        // With a Date header too, the Date is ignored: neither signed nor checked.
        SignedRequest withStaleDate = sign(withHeader(request, "Date", "Mon, 01 Jan 2001 00:00:00 GMT"));
        assertEquals(NOW, verifier.verify(withStaleDate).requestTime());
    }

    @Test
    void canonicalizesAmzHeadersAsTheGuideSays() {
        SignedRequest request = request("PUT", "/bucket/key", "", "Host", HOST, "Date", DATE,
                "X-Amz-Meta-ReviewedBy", " joe@example.com ", "x-amz-meta-reviewedby", "jane@example.com",
                "X-AMZ-ACL", "private", "x-amz-meta-folded", "first line\r\n  second line",
                "x-amz-meta-empty", "", "Content-Disposition", "attachment");
        assertEquals("PUT\n\n\n" + DATE + "\n"
                        + "x-amz-acl:private\nx-amz-meta-empty:\nx-amz-meta-folded:first line second line\n"
                        + "x-amz-meta-reviewedby:joe@example.com,jane@example.com\n/bucket/key",
                V2StringToSign.forHeader(request, null));
    }

    @Test
    void signsTheSubresourcesSortedWithDecodedValuesAndNothingElse() {
        SignedRequest request = request("GET", "/bucket/key",
                "uploadId=a%2Fb%20c&prefix=x&partNumber=2&response-content-type=text%2Fplain%3B%20charset%3Dutf-8"
                        + "&versionId=&acl&max-keys=5",
                "Host", HOST, "Date", DATE);
        assertEquals("GET\n\n\n" + DATE + "\n/bucket/key?acl&partNumber=2"
                        + "&response-content-type=text/plain; charset=utf-8&uploadId=a/b c&versionId=",
                V2StringToSign.forHeader(request, null));
    }

    @Test
    void unsignedParametersMayChangeButSignedOnesMayNot() {
        SignedRequest list = sign(request("GET", "/bucket", "prefix=a&max-keys=10", "Host", HOST, "Date", DATE));
        verifier.verify(withQuery(list, "prefix=b&max-keys=1000"));
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(withQuery(list, "prefix=a&acl")));
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(withQuery(list, "uploads")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"encryption", "publicAccessBlock", "retention", "legal-hold", "attributes"})
    void refusesOperationsThatSignatureVersion2LeavesUnsigned(String parameter) {
        SignedRequest request = request("GET", "/bucket/key", parameter, "Host", HOST, "Date", DATE);
        S3Exception error = assertS3Error(S3Error.INVALID_REQUEST, () -> verifier.verify(sign(request)));
        assertEquals("The " + parameter + " sub-resource is not covered by Signature Version 2; please sign this "
                + "request with AWS4-HMAC-SHA256.", error.getMessage());
    }

    static Stream<Arguments> tamperings() {
        return Stream.<Map.Entry<String, UnaryOperator<SignedRequest>>>of(
                Map.entry("method", r -> new SignedRequest("DELETE", r.rawPath(), r.rawQuery(), r.headers())),
                Map.entry("path", r -> withPath(r, "/bucket/photos/2024/my%20dog.jpg")),
                Map.entry("path escaping", r -> withPath(r, "/bucket/photos/2024/my+cat%C3%A9.jpg")),
                Map.entry("bucket", r -> withPath(r, "/other/photos/2024/my%20cat%C3%A9.jpg")),
                Map.entry("content type", r -> replaceHeader(r, "Content-Type", "text/html")),
                Map.entry("content md5", r -> replaceHeader(r, "Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww==")),
                Map.entry("missing content md5", r -> replaceHeader(r, "Content-MD5", null)),
                Map.entry("date", r -> replaceHeader(r, "Date", "Fri, 01 Mar 2024 12:00:01 GMT")),
                Map.entry("amz header value", r -> replaceHeader(r, "x-amz-meta-camera", "Nikon")),
                Map.entry("added amz header", r -> withHeader(r, "x-amz-acl", "public-read")),
                Map.entry("added sub-resource", r -> withQuery(r, "acl")))
                .map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void refusesATamperedRequest(String change, UnaryOperator<SignedRequest> tamper) {
        SignedRequest signed = sign(unsignedPut());
        SignedRequest tampered = tamper.apply(signed);
        String provided = signed.header("Authorization").orElseThrow().substring(("AWS " + KEY_ID + ":").length());

        S3Exception error = assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(tampered));
        String stringToSign = V2StringToSign.forHeader(tampered, null);
        assertEquals(Map.of("AWSAccessKeyId", KEY_ID, "StringToSign", stringToSign, "SignatureProvided", provided,
                "StringToSignBytes", Hex.spacedBytes(stringToSign)), error.details());
    }

    @Test
    void refusesTheWrongSecret() {
        SignedRequest signed = sign(unsignedPut(), null, "not-the-secret");
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(signed));
    }

    @Test
    void signatureComparisonIsExact() {
        SignedRequest signed = sign(unsignedPut());
        String authorization = signed.header("Authorization").orElseThrow();
        String signature = authorization.substring(authorization.indexOf(':') + 1);
        StringBuilder swappedCase = new StringBuilder();
        signature.chars().forEach(c -> swappedCase.append((char) (Character.isUpperCase(c)
                ? Character.toLowerCase(c) : Character.toUpperCase(c))));
        for (String wrong : new String[] {swappedCase.toString(), signature + "=", signature.replace("=", ""),
                signature.substring(0, 20)}) {
            assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH,
                    () -> verifier.verify(replaceHeader(signed, "Authorization", "AWS " + KEY_ID + ":" + wrong)));
        }
    }

    @Test
    void refusesAnUnknownAccessKey() {
        SignedRequest request = withHeader(unsignedPut(), "Authorization", "AWS GKNOSUCHKEY:c2lnbmF0dXJl");
        S3Exception error = assertS3Error(S3Error.INVALID_ACCESS_KEY_ID, () -> verifier.verify(request));
        assertEquals("GKNOSUCHKEY", error.details().get("AWSAccessKeyId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS GKTESTKEY0000000001", "AWS :c2lnbmF0dXJl", "AWS GKTESTKEY0000000001:"})
    void refusesAMalformedAuthorizationHeader(String authorization) {
        SignedRequest request = withHeader(unsignedPut(), "Authorization", authorization);
        S3Exception error = assertS3Error(S3Error.INVALID_ARGUMENT, () -> verifier.verify(request));
        assertEquals("AWS authorization header is invalid.  Expected AwsAccessKeyId:signature", error.getMessage());
        assertEquals(authorization, error.details().get("ArgumentValue"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2024-03-01T12:00:00Z"})
    void refusesARequestWithoutAValidDate(String date) {
        SignedRequest request = date.isEmpty() ? replaceHeader(unsignedPut(), "Date", null)
                : replaceHeader(unsignedPut(), "Date", date);
        S3Exception error = assertS3Error(S3Error.ACCESS_DENIED, () -> verifier.verify(sign(request)));
        assertEquals("AWS authentication requires a valid Date or x-amz-date header", error.getMessage());
    }

    @Test
    void anInvalidAmzDateIsNotRescuedByTheDateHeader() {
        SignedRequest request = withHeader(unsignedPut(), "x-amz-date", "soon");
        assertS3Error(S3Error.ACCESS_DENIED, () -> verifier.verify(sign(request)));
    }

    @ParameterizedTest
    @ValueSource(longs = {-901, 901})
    void refusesASkewedRequest(long offsetSeconds) {
        SignedRequest signed = sign(unsignedPut());
        S3Exception error = assertS3Error(S3Error.REQUEST_TIME_TOO_SKEWED,
                () -> verifierAt(NOW.plusSeconds(offsetSeconds)).verify(signed));
        assertEquals(Map.of("RequestTime", DATE, "ServerTime", NOW.plusSeconds(offsetSeconds).toString(),
                "MaxAllowedSkewMilliseconds", "900000"), error.details());
    }

    @ParameterizedTest
    @ValueSource(longs = {-900, 900})
    void acceptsARequestAtTheEdgeOfTheSkew(long offsetSeconds) {
        verifierAt(NOW.plusSeconds(offsetSeconds)).verify(sign(unsignedPut()));
    }

    @Test
    void theSkewIsMeasuredFromAmzDateWhenPresent() {
        SignedRequest request = withHeader(unsignedPut(), "x-amz-date", "Fri, 01 Mar 2024 11:00:00 GMT");
        assertS3Error(S3Error.REQUEST_TIME_TOO_SKEWED, () -> verifier.verify(sign(request)));
    }

    @Test
    void acceptsAPresignedUrl() {
        Authentication authentication = verifier.verify(presignedGet());

        assertEquals(KEY_ID, authentication.accessKeyId());
        assertEquals(AuthenticationScheme.SIGNATURE_V2_QUERY, authentication.scheme());
        assertEquals(Instant.ofEpochSecond(EXPIRES), authentication.requestTime());
        assertEquals(PayloadMode.UNSIGNED_PAYLOAD, authentication.payloadMode());
    }

    @Test
    void aPresignedUrlIsValidUntilItsExpiresSecondAndNotAfter() {
        SignedRequest url = presignedGet();
        verifierAt(Instant.ofEpochSecond(EXPIRES)).verify(url);

        Instant late = Instant.ofEpochSecond(EXPIRES).plusMillis(1);
        S3Exception error = assertS3Error(S3Error.ACCESS_DENIED, () -> verifierAt(late).verify(url));
        assertEquals("Request has expired", error.getMessage());
        assertEquals(Map.of("Expires", Instant.ofEpochSecond(EXPIRES).toString(), "ServerTime",
                Instant.ofEpochSecond(EXPIRES).toString()), error.details());
        assertS3Error(S3Error.ACCESS_DENIED, () -> verifierAt(late.plus(Duration.ofDays(1))).verify(url));
    }

    @Test
    void aPresignedUrlIsNotSubjectToTheSkewAndIgnoresTheDateHeader() {
        SignedRequest url = withHeader(presignedGet(), "Date", "Mon, 01 Jan 2001 00:00:00 GMT");
        verifierAt(NOW.minus(Duration.ofDays(30))).verify(url);
    }

    @Test
    void aPresignedUrlSignsItsPathSubresourcesAndAmzParameters() {
        SignedRequest request = request("GET", "/bucket/report%202024.pdf",
                "response-content-disposition=attachment%3B%20filename%3D%22r.pdf%22&x-amz-security-token=t%2Bk"
                        + "&content-type=application%2Fpdf",
                "Host", HOST);
        assertEquals("GET\n\napplication/pdf\n" + EXPIRES + "\nx-amz-security-token:t+k\n"
                        + "/bucket/report%202024.pdf?response-content-disposition=attachment; filename=\"r.pdf\"",
                V2StringToSign.forQuery(request, null, Long.toString(EXPIRES)));
        SignedRequest url = presign(request, null, EXPIRES);
        verifier.verify(url);

        for (String tampered : new String[] {
                url.rawQuery().replace("r.pdf", "x.pdf"), url.rawQuery().replace("t%2Bk", "t%2Bx"),
                url.rawQuery().replace("Expires=" + EXPIRES, "Expires=" + (EXPIRES + 1)),
                url.rawQuery() + "&versionId=1"}) {
            assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(withQuery(url, tampered)));
        }
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(withPath(url, "/bucket/other.pdf")));
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(url, "bucket"));
    }

    @Test
    void aPresignedUrlMayCarryItsSignatureUnescaped() {
        SignedRequest get = request("GET", "/bucket/report%202024.pdf", "", "Host", HOST);
        long expires = EXPIRES;
        String signature = V2Signature.sign(SECRET, V2StringToSign.forQuery(get, null, Long.toString(expires)));
        while (!signature.contains("+")) {
            expires++;
            signature = V2Signature.sign(SECRET, V2StringToSign.forQuery(get, null, Long.toString(expires)));
        }
        // A hand-written client appends the Base64 signature as is: its '+' then reads as a space.
        verifier.verify(withQuery(get, "AWSAccessKeyId=" + KEY_ID + "&Expires=" + expires + "&Signature=" + signature));
    }

    @Test
    void aPresignedUrlForAVirtualHostedBucketSignsTheBucket() {
        SignedRequest url = presign(request("GET", "/key", "", "Host", "bucket." + HOST), "bucket", EXPIRES);
        verifier.verify(url, "bucket");
        assertS3Error(S3Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(url, "other"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWSAccessKeyId=" + KEY_ID + "&Signature=c2ln", "AWSAccessKeyId=&Signature=c2ln&Expires=1",
            "AWSAccessKeyId=" + KEY_ID + "&Signature=&Expires=1"})
    void refusesAPresignedUrlWithoutAllItsParameters(String query) {
        S3Exception error = assertS3Error(S3Error.ACCESS_DENIED,
                () -> verifier.verify(request("GET", "/bucket/key", query, "Host", HOST)));
        assertEquals("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters",
                error.getMessage());
    }

    @Test
    void refusesANonNumericExpires() {
        S3Exception error = assertS3Error(S3Error.ACCESS_DENIED, () -> verifier.verify(request("GET", "/bucket/key",
                "AWSAccessKeyId=" + KEY_ID + "&Signature=c2ln&Expires=tomorrow", "Host", HOST)));
        assertEquals("Invalid date (should be seconds since epoch): tomorrow", error.getMessage());
    }

    @Test
    void refusesAPresignedUrlOfAnUnknownKey() {
        SignedRequest url = request("GET", "/bucket/key", "AWSAccessKeyId=GKNOSUCHKEY&Signature=c2ln&Expires="
                + EXPIRES, "Host", HOST);
        assertEquals("GKNOSUCHKEY", assertS3Error(S3Error.INVALID_ACCESS_KEY_ID, () -> verifier.verify(url))
                .details().get("AWSAccessKeyId"));
    }

    @Test
    void refusesAnonymousRequestsAndLeavesVersion4ToItsVerifier() {
        assertS3Error(S3Error.ACCESS_DENIED, () -> verifier.verify(request("GET", "/bucket/key", "", "Host", HOST)));
        SignedRequest v4 = request("GET", "/bucket/key", "", "Host", HOST, "Authorization",
                "AWS4-HMAC-SHA256 Credential=K/20240301/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0");
        assertThrows(IllegalArgumentException.class, () -> verifier.verify(v4));
    }

    @Test
    void theStringToSignIsHashedAsUtf8() {
        SignedRequest request = request("PUT", "/bucket/k", "", "Host", HOST, "Date", DATE,
                "x-amz-meta-name", "café");
        String stringToSign = V2StringToSign.forHeader(request, null);
        assertEquals("PUT\n\n\n" + DATE + "\nx-amz-meta-name:café\n/bucket/k", stringToSign);
        assertEquals(Base64.getEncoder().encodeToString(hmacSha1(SECRET.getBytes(StandardCharsets.UTF_8),
                stringToSign.getBytes(StandardCharsets.UTF_8))), V2Signature.sign(SECRET, stringToSign));
        verifier.verify(sign(request));
    }

    private static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aVersion2AuthenticationHasNoSigningContext() {
        SigningContext signing = new SigningContext(SigningKey.derive(SECRET, new CredentialScope("20240301",
                "us-east-1", "s3")), "20240301T120000Z", new CredentialScope("20240301", "us-east-1", "s3"), "00");
        assertThrows(IllegalArgumentException.class, () -> new Authentication(KEY_ID, "user-42",
                AuthenticationScheme.SIGNATURE_V2_HEADER, NOW, PayloadMode.UNSIGNED_PAYLOAD, "UNSIGNED-PAYLOAD",
                signing));
        assertThrows(IllegalArgumentException.class, () -> new Authentication(KEY_ID, "user-42",
                AuthenticationScheme.SIGNATURE_V2_QUERY, NOW, PayloadMode.SIGNED_PAYLOAD, Hex.EMPTY_SHA256, null));
        assertThrows(NullPointerException.class, () -> new Authentication(KEY_ID, "user-42",
                AuthenticationScheme.SIGNATURE_V4_HEADER, NOW, PayloadMode.UNSIGNED_PAYLOAD, "UNSIGNED-PAYLOAD",
                null));
    }
}
