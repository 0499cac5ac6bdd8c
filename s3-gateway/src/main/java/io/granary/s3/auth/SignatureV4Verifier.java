package io.granary.s3.auth;

import io.granary.core.auth.AccessKey;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Verifies AWS Signature Version 4 on S3 requests: the {@code Authorization} header and presigned
 * URLs. Thread-safe; one instance serves the whole gateway.
 *
 * <p>{@link #verify} proves the request line and headers. It does not read the body: the payload
 * hash, the chunk signatures of an aws-chunked body and trailing checksums are checked while the
 * body is read, by the stream {@link PayloadStreams#open} returns.
 *
 * <p>The checks, in order, and the S3 error each failure raises:
 * <ol>
 *   <li>The header or the {@code X-Amz-*} parameters must be well formed:
 *       AuthorizationHeaderMalformed, AuthorizationQueryParametersError, InvalidArgument.
 *   <li>The request must be dated: {@code x-amz-date}, else {@code Date} (AccessDenied), on the day
 *       of the credential scope; header requests must carry {@code x-amz-content-sha256}
 *       (InvalidRequest) with a known value (InvalidArgument).
 *   <li>A header request must be within 15 minutes of the clock (RequestTimeTooSkewed); a presigned
 *       URL must not be used before its date (AccessDenied "Request is not yet valid", allowing the
 *       same skew) or after it expires (AccessDenied "Request has expired").
 *   <li>{@code host} and every {@code x-amz-*} header present must be signed (AccessDenied).
 *   <li>The access key must exist (InvalidAccessKeyId) and the signature must match
 *       (SignatureDoesNotMatch, with the string to sign and canonical request in the details).
 * </ol>
 */
public final class SignatureV4Verifier {
    /** How far a request's time may be from ours, as AWS allows. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private static final int SIGNING_KEY_CACHE_SIZE = 1024;
    private static final String UNSIGNED_PAYLOAD = PayloadMode.UNSIGNED_PAYLOAD.headerValue();

    private final AccessKeyLookup accessKeys;
    private final Clock clock;
    private final SigningKeyCache signingKeys = new SigningKeyCache(SIGNING_KEY_CACHE_SIZE);

    public SignatureV4Verifier(AccessKeyLookup accessKeys, Clock clock) {
        this.accessKeys = Objects.requireNonNull(accessKeys, "accessKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies a request signed with Signature Version 4.
     *
     * @return who signed the request and how its body is protected
     * @throws S3Exception the error AWS would answer; AccessDenied for an anonymous request and
     *     InvalidArgument "Unsupported Authorization Type" for Signature Version 2, which this class
     *     does not verify
     */
    public Authentication verify(SignedRequest request) {
        return switch (AuthenticationScheme.detect(request)) {
            case SIGNATURE_V4_HEADER -> verifyHeader(request);
            case SIGNATURE_V4_QUERY -> verifyQuery(request);
            case ANONYMOUS -> throw new S3Exception(S3Error.ACCESS_DENIED);
            case SIGNATURE_V2_HEADER, SIGNATURE_V2_QUERY ->
                    throw AuthenticationScheme.unsupported(request.header("Authorization").orElse(""));
        };
    }

    private Authentication verifyHeader(SignedRequest request) {
        AuthorizationHeader header = AuthorizationHeaderParser.parse(request.header("Authorization").orElseThrow());
        String timestamp = timestampOf(request);
        Instant requestTime = AmzDates.parseBasic(timestamp).orElseThrow();
        AuthorizationHeaderParser.checkScope(header, timestamp);
        String contentSha256 = request.header("x-amz-content-sha256").map(String::strip)
                .orElseThrow(() -> new S3Exception(S3Error.INVALID_REQUEST,
                        "Missing required header for this request: x-amz-content-sha256"));
        PayloadMode payloadMode = PayloadMode.fromHeader(contentSha256);
        checkSkew(timestamp, requestTime);
        checkSignedHeaders(request, header.signedHeaders());
        AccessKey accessKey = find(header.accessKeyId());
        CanonicalRequest canonical = CanonicalRequest.of(request, header.signedHeaders(), contentSha256, name -> false);
        SigningContext signing = checkSignature(request, accessKey, header.scope(), timestamp, canonical,
                header.signature());
        return new Authentication(accessKey.accessKeyId(), accessKey.userId(), AuthenticationScheme.SIGNATURE_V4_HEADER,
                requestTime, payloadMode, contentSha256, signing);
    }

    private Authentication verifyQuery(SignedRequest request) {
        PresignedQuery query = PresignedQueryParser.parse(QueryString.parse(request.rawQuery()));
        PresignedQueryParser.checkScope(query);
        String contentSha256 = query.contentSha256().orElse(UNSIGNED_PAYLOAD);
        PayloadMode payloadMode = PayloadMode.fromHeader(contentSha256);
        checkValidity(query);
        checkSignedHeaders(request, query.signedHeaders());
        AccessKey accessKey = find(query.accessKeyId());
        Predicate<String> isSignature = PresignedQueryParser.SIGNATURE::equals;
        CanonicalRequest canonical = CanonicalRequest.of(request, query.signedHeaders(), contentSha256, isSignature);
        SigningContext signing = checkSignature(request, accessKey, query.scope(), query.timestamp(), canonical,
                query.signature());
        return new Authentication(accessKey.accessKeyId(), accessKey.userId(), AuthenticationScheme.SIGNATURE_V4_QUERY,
                query.requestTime(), payloadMode, contentSha256, signing);
    }

    /**
     * The signed timestamp: {@code x-amz-date}, else the {@code Date} header in ISO 8601 basic
     * form, which is how SigV4 puts a {@code Date} into the string to sign.
     */
    private static String timestampOf(SignedRequest request) {
        Optional<String> amzDate = request.header("x-amz-date").map(String::strip);
        Optional<String> timestamp = amzDate.isPresent()
                ? amzDate.filter(value -> AmzDates.parseBasic(value).isPresent())
                : request.header("Date").flatMap(AmzDates::parseHttpDate).map(AmzDates::formatBasic);
        return timestamp.orElseThrow(() -> new S3Exception(S3Error.ACCESS_DENIED,
                "AWS authentication requires a valid Date or x-amz-date header"));
    }

    private void checkSkew(String timestamp, Instant requestTime) {
        Instant now = clock.instant();
        if (Duration.between(requestTime, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new S3Exception(S3Error.REQUEST_TIME_TOO_SKEWED)
                    .with("RequestTime", timestamp)
                    .with("ServerTime", AmzDates.formatDetail(now))
                    .with("MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis()));
        }
    }

    private void checkValidity(PresignedQuery query) {
        Instant now = clock.instant();
        Instant expires = query.requestTime().plus(query.expires());
        if (query.requestTime().minus(MAX_SKEW).isAfter(now)) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Request is not yet valid")
                    .with("X-Amz-Date", query.timestamp())
                    .with("ServerTime", AmzDates.formatDetail(now));
        }
        if (now.isAfter(expires)) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Request has expired")
                    .with("X-Amz-Expires", Long.toString(query.expires().toSeconds()))
                    .with("Expires", AmzDates.formatDetail(expires))
                    .with("ServerTime", AmzDates.formatDetail(now));
        }
    }

    /**
     * {@code host} must be signed, or a signature could be replayed against another virtual host;
     * every {@code x-amz-*} header must be signed, or one could be added to a captured request
     * ({@code x-amz-copy-source}, {@code x-amz-acl}...). {@code x-amz-content-sha256} is exempt as on
     * AWS: its value is the payload hash line of the canonical request anyway.
     */
    private static void checkSignedHeaders(SignedRequest request, List<String> signedHeaders) {
        Set<String> unsigned = new LinkedHashSet<>();
        if (!signedHeaders.contains("host")) {
            unsigned.add("host");
        }
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-") && !name.equals("x-amz-content-sha256") && !signedHeaders.contains(name)) {
                unsigned.add(name);
            }
        }
        if (!unsigned.isEmpty()) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "There were headers present in the request which were not signed")
                    .with("HeadersNotSigned", String.join(", ", unsigned));
        }
    }

    private AccessKey find(String accessKeyId) {
        return accessKeys.find(accessKeyId).orElseThrow(() -> new S3Exception(S3Error.INVALID_ACCESS_KEY_ID)
                .with("AWSAccessKeyId", accessKeyId));
    }

    /**
     * Compares the provided signature with ours. The canonical URI is tried as SigV4 defines it and,
     * if the client's raw path differs from that, as sent: a client that signed its path exactly as it
     * put it on the wire is then accepted too. Both forms decode to the same key, so neither lets a
     * signature stand for another object.
     */
    private SigningContext checkSignature(SignedRequest request, AccessKey accessKey, CredentialScope scope,
            String timestamp, CanonicalRequest canonical, String provided) {
        SigningKey key = signingKeys.get(accessKey.secretKey(), scope);
        List<CanonicalRequest> candidates = new ArrayList<>(List.of(canonical));
        if (!request.rawPath().equals(canonical.uri())) {
            candidates.add(canonical.withUri(request.rawPath()));
        }
        String firstStringToSign = null;
        for (CanonicalRequest candidate : candidates) {
            String stringToSign = StringToSign.forRequest(timestamp, scope, candidate.text());
            String expected = key.sign(stringToSign);
            if (Hex.signaturesEqual(expected, provided)) {
                return new SigningContext(key, timestamp, scope, expected);
            }
            firstStringToSign = firstStringToSign == null ? stringToSign : firstStringToSign;
        }
        throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH)
                .with("AWSAccessKeyId", accessKey.accessKeyId())
                .with("StringToSign", firstStringToSign)
                .with("SignatureProvided", provided)
                .with("StringToSignBytes", Hex.spacedBytes(firstStringToSign))
                .with("CanonicalRequest", canonical.text())
                .with("CanonicalRequestBytes", Hex.spacedBytes(canonical.text()));
    }
}
