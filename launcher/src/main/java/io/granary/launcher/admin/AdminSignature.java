package io.granary.launcher.admin;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How admin API requests are signed: HMAC-SHA256 with an access key's secret over
 *
 * <pre>
 * GRANARY-HMAC-SHA256 \n METHOD \n raw path \n raw query (empty if none) \n X-Granary-Date \n hex SHA-256 of the body
 * </pre>
 *
 * sent as {@code Authorization: GRANARY-HMAC-SHA256 Credential=KEY_ID, Signature=HEX}, with the
 * date ({@code yyyyMMdd'T'HHmmss'Z'}, UTC) in {@code X-Granary-Date} and the body's hash in
 * {@code X-Granary-Content-SHA256}. Pure functions; the server side is {@link AdminAuthenticator}.
 */
public final class AdminSignature {
    public static final String ALGORITHM = "GRANARY-HMAC-SHA256";
    public static final String DATE_HEADER = "X-Granary-Date";
    public static final String CONTENT_HEADER = "X-Granary-Content-SHA256";
    /** How far a request's date may be from the server's clock, either way. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * What a signature covers.
     *
     * @param method the HTTP method, upper case
     * @param path the raw (still percent-encoded) path, as sent
     * @param query the raw query string without {@code ?}, as sent; empty if none
     * @param date the {@code X-Granary-Date} value
     * @param contentSha256 the lower-case hex SHA-256 of the body (of nothing, for no body)
     */
    public record Request(String method, String path, String query, String date, String contentSha256) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(contentSha256, "contentSha256");
            query = query == null ? "" : query;
        }
    }

    private AdminSignature() {
    }

    public static String stringToSign(Request request) {
        return String.join("\n", ALGORITHM, request.method(), request.path(), request.query(), request.date(),
                request.contentSha256());
    }

    /** The hex signature of {@code request} with {@code secretKey}. */
    public static String signature(Request request, String secretKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stringToSign(request).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public static String authorization(String accessKeyId, String signature) {
        return ALGORITHM + " Credential=" + accessKeyId + ", Signature=" + signature;
    }

    /** The headers that sign a request made now: date, content hash and authorization. */
    public static Map<String, String> headers(String method, String rawPath, String rawQuery, byte[] body,
            String accessKeyId, String secretKey, Instant now) {
        Request request = new Request(method, rawPath, rawQuery, DATE.format(now), sha256Hex(body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DATE_HEADER, request.date());
        headers.put(CONTENT_HEADER, request.contentSha256());
        headers.put("Authorization", authorization(accessKeyId, signature(request, secretKey)));
        return headers;
    }

    /** The SHA-256 of {@code bytes} in lower-case hex, as signatures (this one and SigV4) carry it. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
