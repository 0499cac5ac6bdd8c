package io.granary.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS's published Signature Version 4 test suite (the cases that apply to S3, see
 * {@code src/test/resources/sigv4/aws-sig-v4-test-suite/README.md}): for each request, the
 * canonical request, the string to sign and the signature must be the published ones.
 */
class SigV4TestSuiteTest {
    private static final String SUITE = "/sigv4/aws-sig-v4-test-suite/";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String TIMESTAMP = "20150830T123600Z";
    private static final CredentialScope SCOPE = new CredentialScope("20150830", "us-east-1", "service");

    static Stream<String> cases() {
        return Stream.of("get-header-key-duplicate", "get-header-value-order", "get-header-value-trim",
                "get-space", "get-unreserved", "get-utf8", "get-vanilla", "get-vanilla-empty-query-key",
                "get-vanilla-query", "get-vanilla-query-order-key", "get-vanilla-query-order-key-case",
                "get-vanilla-query-order-value", "get-vanilla-query-unreserved", "get-vanilla-utf8-query",
                "post-header-key-case", "post-header-key-sort", "post-header-value-case", "post-sts-header-after",
                "post-sts-header-before", "post-vanilla", "post-vanilla-empty-query-value", "post-vanilla-query",
                "post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesThePublishedCanonicalRequestStringToSignAndSignature(String name) {
        ParsedRequest parsed = ParsedRequest.parse(resource(name, "req"));
        AuthorizationHeader authorization = AuthorizationHeaderParser.parse(resource(name, "authz"));

        CanonicalRequest canonical = CanonicalRequest.of(parsed.request(), authorization.signedHeaders(),
                Hex.sha256(parsed.body()), parameter -> false);
        String stringToSign = StringToSign.forRequest(TIMESTAMP, SCOPE, canonical.text());

        assertEquals(resource(name, "creq"), canonical.text());
        assertEquals(resource(name, "sts"), stringToSign);
        assertEquals(authorization.signature(), SigningKey.derive(SECRET, SCOPE).sign(stringToSign));
        assertEquals(SCOPE, authorization.scope());
        assertEquals("AKIDEXAMPLE", authorization.accessKeyId());
    }

    /** The normalize-path cases are left out because S3 keeps {@code //} and dot segments. */
    @Test
    void doesNotNormalizePathsAsOtherServicesDo() {
        assertEquals("//example//", CanonicalRequest.uri("//example//"));
        assertEquals("/./example", CanonicalRequest.uri("/./example"));
        assertEquals("/example1/example2/../..", CanonicalRequest.uri("/example1/example2/../.."));
        // get-slashes expects "/example/": the signature AWS publishes for it is not S3's.
        SignedRequest request = TestRequests.request("GET", "//example//", "",
                "Host", "example.amazonaws.com", "X-Amz-Date", TIMESTAMP);
        String signature = SigningKey.derive(SECRET, SCOPE).sign(StringToSign.forRequest(TIMESTAMP, SCOPE,
                CanonicalRequest.of(request, List.of("host", "x-amz-date"), Hex.EMPTY_SHA256, name -> false).text()));
        assertFalse(signature.equals("9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"));
    }

    @Test
    void derivesThePublishedSigningKey() {
        // "Examples of how to derive a signing key for Signature Version 4" in the AWS reference.
        SigningKey key = SigningKey.derive(SECRET, new CredentialScope("20120215", "us-east-1", "iam"));
        assertEquals("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Hex.encode(key.bytes()));
        assertTrue(key.toString().contains("redacted"));
    }

    private static String resource(String name, String extension) {
        String path = SUITE + name + "/" + name + "." + extension;
        try (InputStream in = SigV4TestSuiteTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code .req} file: request line, {@code Name:value} header lines, blank line, body. */
    private record ParsedRequest(SignedRequest request, String body) {
        static ParsedRequest parse(String text) {
            int blank = text.indexOf("\n\n");
            String head = blank < 0 ? text : text.substring(0, blank);
            String body = blank < 0 ? "" : text.substring(blank + 2);
            String[] lines = head.split("\n");
            String requestLine = lines[0];
            String method = requestLine.substring(0, requestLine.indexOf(' '));
            String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(" HTTP/1.1"));
            int question = target.indexOf('?');
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon), key -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1));
            }
            return new ParsedRequest(new SignedRequest(method, question < 0 ? target : target.substring(0, question),
                    question < 0 ? "" : target.substring(question + 1), headers), body);
        }
    }
}
