package io.granary.launcher.transfer;

import io.granary.s3.auth.CredentialScope;
import io.granary.s3.auth.SigningKey;
import io.granary.s3.auth.StringToSign;
import io.granary.s3.auth.UriEncoding;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * AWS Signature Version 4 for the command line's own S3 requests (header form), so that the
 * launcher needs no AWS SDK. Pure functions.
 */
public final class SigV4Signer {
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SigV4Signer() {
    }

    /**
     * The headers to add to a request with no query string: {@code x-amz-date}, {@code
     * x-amz-content-sha256} and {@code Authorization}, signing those two, {@code host} and the
     * given {@code headers}.
     *
     * @param rawPath the path as sent, already URI-encoded the way S3 encodes it
     * @param headers further headers to sign, by name
     * @param payloadHash the hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
     */
    public static Map<String, String> sign(String method, String host, String rawPath, Map<String, String> headers,
            String payloadHash, String accessKeyId, String secretKey, String region, Instant now) {
        return sign(method, host, rawPath, Map.of(), headers, payloadHash, accessKeyId, secretKey, region, now);
    }

    /**
     * The headers to add to a request whose query string is {@link #query(Map) query(parameters)}:
     * as {@link #sign(String, String, String, Map, String, String, String, String, Instant)}, with
     * the parameters in the canonical query string.
     *
     * @param parameters the query parameters, decoded, by name; a parameter sent without a value
     *     (such as {@code uploads}) has the empty string as its value
     */
    public static Map<String, String> sign(String method, String host, String rawPath, Map<String, String> parameters,
            Map<String, String> headers, String payloadHash, String accessKeyId, String secretKey, String region,
            Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String day = amzDate.substring(0, 8);
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.trim()));
        signed.put("host", host);
        signed.put("x-amz-content-sha256", payloadHash);
        signed.put("x-amz-date", amzDate);
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = String.join("\n", method, rawPath, query(parameters), canonicalHeaders.toString(),
                signedHeaders, payloadHash);
        CredentialScope scope = new CredentialScope(day, region, "s3");
        String signature = SigningKey.derive(secretKey, scope)
                .sign(StringToSign.forRequest(amzDate, scope, canonicalRequest));
        return Map.of("x-amz-date", amzDate, "x-amz-content-sha256", payloadHash, "Authorization",
                "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + signedHeaders
                        + ", Signature=" + signature);
    }

    /**
     * The query string for {@code parameters} in SigV4's canonical form, which is also a correct
     * query string to send: each name and value URI-encoded (every byte but unreserved ones),
     * joined by {@code =} even when the value is empty, sorted by encoded name, joined by {@code &}.
     */
    public static String query(Map<String, String> parameters) {
        TreeMap<String, String> encoded = new TreeMap<>();
        parameters.forEach((name, value) -> encoded.put(UriEncoding.encode(name, false),
                UriEncoding.encode(value, false)));
        StringBuilder query = new StringBuilder();
        encoded.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                .append(value));
        return query.toString();
    }

    /** S3's encoding of an object key in a path: every byte but unreserved ones and {@code /}. */
    public static String encodePath(String path) {
        return UriEncoding.encode(path, true);
    }
}
