package io.granary.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.auth.AccessKey;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3ErrorStreamException;
import io.granary.s3.error.S3Exception;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

/**
 * Builds requests for the tests and signs them the way a client does, with the library's own
 * canonicalizer and signer (which the published vectors pin down independently).
 */
final class TestRequests {
    /** AWS's example credentials, used by every S3 documentation example. */
    static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final AccessKey EXAMPLE_KEY = new AccessKey(ACCESS_KEY_ID, SECRET_KEY, "example-user", Instant.EPOCH);
    static final AccessKeyLookup EXAMPLE_LOOKUP =
            id -> id.equals(ACCESS_KEY_ID) ? Optional.of(EXAMPLE_KEY) : Optional.empty();

    private TestRequests() {
    }

    /** A request with headers given as name, value, name, value... */
    static SignedRequest request(String method, String rawPath, String rawQuery, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.computeIfAbsent(headers[i], name -> new ArrayList<>()).add(headers[i + 1]);
        }
        return new SignedRequest(method, rawPath, rawQuery, map);
    }

    /** The request with one more header value. */
    static SignedRequest withHeader(SignedRequest request, String name, String value) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        request.headers().forEach((key, values) -> map.put(key, new ArrayList<>(values)));
        map.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), map);
    }

    /** The request with a header's values replaced, or removed if {@code value} is null. */
    static SignedRequest replaceHeader(SignedRequest request, String name, String value) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        request.headers().forEach((key, values) -> {
            if (!key.equalsIgnoreCase(name)) {
                map.put(key, values);
            }
        });
        if (value != null) {
            map.put(name, List.of(value));
        }
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), map);
    }

    static SignedRequest withPath(SignedRequest request, String rawPath) {
        return new SignedRequest(request.method(), rawPath, request.rawQuery(), request.headers());
    }

    static SignedRequest withQuery(SignedRequest request, String rawQuery) {
        return new SignedRequest(request.method(), request.rawPath(), rawQuery, request.headers());
    }

    /**
     * Signs a request in the {@code Authorization} header, signing every header it has; the request
     * must already carry {@code x-amz-date} or {@code Date}, and its payload hash header if any.
     */
    static SignedRequest sign(SignedRequest request, String accessKeyId, String secretKey, CredentialScope scope,
            String timestamp) {
        List<String> signedHeaders = request.headers().keySet().stream()
                .map(name -> name.toLowerCase(Locale.ROOT)).sorted().toList();
        String payloadHash = request.header("x-amz-content-sha256").orElse(Hex.EMPTY_SHA256);
        CanonicalRequest canonical = CanonicalRequest.of(request, signedHeaders, payloadHash, name -> false);
        String signature = SigningKey.derive(secretKey, scope)
                .sign(StringToSign.forRequest(timestamp, scope, canonical.text()));
        return withHeader(request, "Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope
                + ", SignedHeaders=" + String.join(";", signedHeaders) + ", Signature=" + signature);
    }

    /** Presigns a request that carries only a {@code Host} header (and any others, all signed). */
    static SignedRequest presign(SignedRequest request, String accessKeyId, String secretKey, CredentialScope scope,
            String timestamp, long expiresSeconds) {
        List<String> signedHeaders = request.headers().keySet().stream()
                .map(name -> name.toLowerCase(Locale.ROOT)).sorted().toList();
        String authorization = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + UriEncoding.encode(accessKeyId + "/" + scope, false)
                + "&X-Amz-Date=" + timestamp
                + "&X-Amz-Expires=" + expiresSeconds
                + "&X-Amz-SignedHeaders=" + UriEncoding.encode(String.join(";", signedHeaders), false);
        String query = request.rawQuery().isEmpty() ? authorization : request.rawQuery() + "&" + authorization;
        SignedRequest unsigned = withQuery(request, query);
        CanonicalRequest canonical = CanonicalRequest.of(unsigned, signedHeaders, "UNSIGNED-PAYLOAD", name -> false);
        String signature = SigningKey.derive(secretKey, scope)
                .sign(StringToSign.forRequest(timestamp, scope, canonical.text()));
        return withQuery(request, query + "&X-Amz-Signature=" + signature);
    }

    /** Runs {@code action}, which must fail with {@code error}; returns the exception. */
    static S3Exception assertS3Error(S3Error error, Executable action) {
        S3Exception exception = assertThrows(S3Exception.class, action);
        assertEquals(error, exception.error(), exception.getMessage());
        return exception;
    }

    /** Reads {@code body} to the end, which must fail with {@code error}; returns the S3 exception. */
    static S3Exception assertStreamError(S3Error error, InputStream body) {
        S3ErrorStreamException exception = assertThrows(S3ErrorStreamException.class, body::readAllBytes);
        assertEquals(error, exception.s3Exception().error(), exception.getMessage());
        return exception.s3Exception();
    }
}
