package io.granary.s3.auth;

import static io.granary.s3.auth.TestRequests.EXAMPLE_LOOKUP;
import static io.granary.s3.auth.TestRequests.assertS3Error;
import static io.granary.s3.auth.TestRequests.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.s3.error.S3Error;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worked examples of the S3 API reference, with AWS's example credentials, on
 * {@code 20130524T000000Z} in {@code us-east-1}: "Signature Calculations for the Authorization
 * Header: Transferring Payload in a Single Chunk", "... in Multiple Chunks (Chunked Upload)",
 * "Signature calculations for trailing headers" and "Authenticating Requests: Using Query
 * Parameters". Each published canonical request hash and signature must come out exactly.
 */
class S3DocumentationExamplesTest {
    private static final String HOST = "examplebucket.s3.amazonaws.com";
    private static final String TIMESTAMP = "20130524T000000Z";
    private static final String EMPTY = Hex.EMPTY_SHA256;
    private static final String CREDENTIAL = "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";
    private static final CredentialScope SCOPE = new CredentialScope("20130524", "us-east-1", "s3");
    private static final Instant SIGNED_AT = Instant.parse("2013-05-24T00:00:00Z");

    private final SignatureV4Verifier verifier =
            new SignatureV4Verifier(EXAMPLE_LOOKUP, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

    @Test
    void getObjectWithRange() {
        SignedRequest request = request("GET", "/test.txt", "", "Host", HOST, "Range", "bytes=0-9",
                "x-amz-content-sha256", EMPTY, "x-amz-date", TIMESTAMP,
                "Authorization", "AWS4-HMAC-SHA256 " + CREDENTIAL + ",SignedHeaders=host;range;x-amz-content-sha256;"
                        + "x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");

        assertEquals(String.join("\n", "GET", "/test.txt", "", "host:" + HOST, "range:bytes=0-9",
                "x-amz-content-sha256:" + EMPTY, "x-amz-date:" + TIMESTAMP, "",
                "host;range;x-amz-content-sha256;x-amz-date", EMPTY), canonicalOf(request).text());
        assertCanonicalHash("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972", request);

        Authentication authentication = verifier.verify(request);
        assertEquals("AKIAIOSFODNN7EXAMPLE", authentication.accessKeyId());
        assertEquals("example-user", authentication.userId());
        assertEquals("us-east-1", authentication.region());
        assertEquals(AuthenticationScheme.SIGNATURE_V4_HEADER, authentication.scheme());
        assertEquals(PayloadMode.SIGNED_PAYLOAD, authentication.payloadMode());
        assertEquals(SIGNED_AT, authentication.requestTime());
        assertEquals("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                authentication.signing().seedSignature());
    }

    @Test
    void putObjectWithAKeyTheClientSentUnescaped() throws IOException {
        byte[] payload = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);
        String payloadHash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
        SignedRequest request = request("PUT", "/test$file.text", "", "Host", HOST,
                "Date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-date", TIMESTAMP,
                "x-amz-storage-class", "REDUCED_REDUNDANCY", "x-amz-content-sha256", payloadHash,
                "Authorization", "AWS4-HMAC-SHA256 " + CREDENTIAL + ",SignedHeaders=date;host;x-amz-content-sha256;"
                        + "x-amz-date;x-amz-storage-class,Signature="
                        + "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");

        assertEquals(payloadHash, Hex.sha256(payload, 0, payload.length));
        assertEquals(String.join("\n", "PUT", "/test%24file.text", "", "date:Fri, 24 May 2013 00:00:00 GMT",
                "host:" + HOST, "x-amz-content-sha256:" + payloadHash, "x-amz-date:" + TIMESTAMP,
                "x-amz-storage-class:REDUCED_REDUNDANCY", "",
                "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", payloadHash),
                canonicalOf(request).text());
        assertCanonicalHash("9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d", request);

        Authentication authentication = verifier.verify(request);
        try (PayloadStream body = PayloadStreams.open(authentication, request, new ByteArrayInputStream(payload))) {
            assertArrayEquals(payload, body.readAllBytes());
        }
    }

    @Test
    void getBucketLifecycle() {
        SignedRequest request = request("GET", "/", "lifecycle", "Host", HOST,
                "x-amz-date", TIMESTAMP, "x-amz-content-sha256", EMPTY,
                "Authorization", "AWS4-HMAC-SHA256 " + CREDENTIAL + ",SignedHeaders=host;x-amz-content-sha256;"
                        + "x-amz-date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");

        assertEquals("lifecycle=", canonicalOf(request).query());
        assertCanonicalHash("9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca", request);
        assertEquals("AKIAIOSFODNN7EXAMPLE", verifier.verify(request).accessKeyId());
    }

    @Test
    void getBucketListObjects() {
        SignedRequest request = request("GET", "/", "max-keys=2&prefix=J", "Host", HOST,
                "x-amz-date", TIMESTAMP, "x-amz-content-sha256", EMPTY,
                "Authorization", "AWS4-HMAC-SHA256 " + CREDENTIAL + ",SignedHeaders=host;x-amz-content-sha256;"
                        + "x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");

        assertCanonicalHash("df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7", request);
        assertEquals("AKIAIOSFODNN7EXAMPLE", verifier.verify(request).accessKeyId());
        // The canonical query is sorted, whatever order the client sent.
        assertEquals("AKIAIOSFODNN7EXAMPLE",
                verifier.verify(TestRequests.withQuery(request, "prefix=J&max-keys=2")).accessKeyId());
    }

    @Test
    void presignedGetObject() {
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        SignedRequest request = request("GET", "/test.txt", query, "Host", HOST);

        CanonicalRequest canonical = CanonicalRequest.of(request, List.of("host"), "UNSIGNED-PAYLOAD",
                PresignedQueryParser.SIGNATURE::equals);
        assertEquals(String.join("\n", "GET", "/test.txt", "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host",
                "host:" + HOST, "", "host", "UNSIGNED-PAYLOAD"), canonical.text());
        assertEquals("3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04", Hex.sha256(canonical.text()));

        Authentication authentication = verifier.verify(request);
        assertEquals(AuthenticationScheme.SIGNATURE_V4_QUERY, authentication.scheme());
        assertEquals(PayloadMode.UNSIGNED_PAYLOAD, authentication.payloadMode());

        // Valid for 86400 seconds, and not a second longer.
        Instant expiry = SIGNED_AT.plusSeconds(86_400);
        new SignatureV4Verifier(EXAMPLE_LOOKUP, Clock.fixed(expiry, ZoneOffset.UTC)).verify(request);
        SignatureV4Verifier later = new SignatureV4Verifier(EXAMPLE_LOOKUP, Clock.fixed(expiry.plusSeconds(1),
                ZoneOffset.UTC));
        assertEquals("Request has expired", assertS3Error(S3Error.ACCESS_DENIED, () -> later.verify(request)).getMessage());
    }

    @Test
    void putObjectInChunks() throws IOException {
        SignedRequest request = request("PUT", "/examplebucket/chunkObject.txt", "", "Host", "s3.amazonaws.com",
                "x-amz-date", TIMESTAMP, "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "Content-Encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560", "Content-Length", "66824",
                "Authorization", "AWS4-HMAC-SHA256 " + CREDENTIAL + ",SignedHeaders=content-encoding;content-length;"
                        + "host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,"
                        + "Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        byte[] body = chunked(
                "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n", 65536,
                "400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n", 1024,
                "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n");

        assertCanonicalHash("cee3fed04b70f867d036f722359b0b1f2f0e5dc0efadbc082b76c4c60e316455", request);
        assertEquals(66824, body.length);
        Authentication authentication = verifier.verify(request);
        assertEquals(PayloadMode.STREAMING_SIGNED, authentication.payloadMode());
        try (PayloadStream decoded = PayloadStreams.open(authentication, request, new ByteArrayInputStream(body))) {
            assertEquals(66560, decoded.decodedContentLength().orElseThrow());
            assertArrayEquals(letters(66560), decoded.readAllBytes());
        }
    }

    /** The documentation lays the trailer out after an empty line; HTTP trailers follow directly. */
    @ParameterizedTest
    @ValueSource(strings = {"\r\n", ""})
    void putObjectInChunksWithATrailingChecksum(String separator) throws IOException {
        SignedRequest request = request("PUT", "/examplebucket/chunkObject.txt", "", "Host", "s3.amazonaws.com",
                "x-amz-date", TIMESTAMP, "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "Content-Encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560", "x-amz-trailer", "x-amz-checksum-crc32c",
                "Authorization", "AWS4-HMAC-SHA256 " + CREDENTIAL + ",SignedHeaders=content-encoding;host;"
                        + "x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;"
                        + "x-amz-trailer,Signature=106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");
        byte[] body = chunked(
                "10000;chunk-signature=b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2\r\n", 65536,
                "400;chunk-signature=1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7\r\n", 1024,
                "0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n" + separator
                        + "x-amz-checksum-crc32c:sOO8/Q==\r\n"
                        + "x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n"
                        + "\r\n");

        assertCanonicalHash("44d48b8c2f70eae815a0198cc73d7a546a73a93359c070abbaa5e6c7de112559", request);
        Authentication authentication = verifier.verify(request);
        assertEquals(PayloadMode.STREAMING_SIGNED_TRAILER, authentication.payloadMode());
        try (PayloadStream decoded = PayloadStreams.open(authentication, request, new ByteArrayInputStream(body))) {
            assertArrayEquals(letters(66560), decoded.readAllBytes());
            assertEquals(Map.of("x-amz-checksum-crc32c", "sOO8/Q=="), decoded.trailers());
        }
    }

    private static CanonicalRequest canonicalOf(SignedRequest request) {
        AuthorizationHeader header = AuthorizationHeaderParser.parse(request.header("Authorization").orElseThrow());
        return CanonicalRequest.of(request, header.signedHeaders(), request.header("x-amz-content-sha256").orElseThrow(),
                name -> false);
    }

    private static void assertCanonicalHash(String expected, SignedRequest request) {
        CanonicalRequest canonical = canonicalOf(request);
        assertEquals(expected, Hex.sha256(canonical.text()));
        String stringToSign = StringToSign.forRequest(TIMESTAMP, SCOPE, canonical.text());
        assertEquals("AWS4-HMAC-SHA256\n" + TIMESTAMP + "\n20130524/us-east-1/s3/aws4_request\n" + expected, stringToSign);
    }

    /** Alternating framing text and runs of the letter {@code a}. */
    private static byte[] chunked(Object... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                body.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            } else {
                body.writeBytes(letters((Integer) part));
                body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        return body.toByteArray();
    }

    private static byte[] letters(int count) {
        byte[] letters = new byte[count];
        Arrays.fill(letters, (byte) 'a');
        return letters;
    }
}
