package io.granary.s3.auth;

import io.granary.core.auth.AccessKey;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies AWS Signature Version 2 on S3 requests: {@code Authorization: AWS AKID:Signature} and
 * presigned URLs ({@code AWSAccessKeyId}, {@code Expires}, {@code Signature}), as the S3 developer
 * guide's "Signing and authenticating REST requests" defines them and as the SDK for Java v1
 * ({@code S3SignerType}, which CloudStack uses), s3cmd and boto sign them. Thread-safe; one
 * instance serves the whole gateway.
 *
 * <p>Signature Version 2 does not sign the body: the {@link Authentication} returned has
 * {@link PayloadMode#UNSIGNED_PAYLOAD}, so {@link PayloadStreams#open} passes the body through
 * (a {@code Content-MD5}, which is signed, is still checked by the store).
 *
 * <p>The checks, in order, and the S3 error each failure raises:
 * <ol>
 *   <li>The header must read {@code AWS AKID:Signature} (InvalidArgument); a presigned URL must have
 *       all three parameters and a numeric {@code Expires} (AccessDenied).
 *   <li>A header request must be dated by {@code x-amz-date}, else {@code Date}, in an HTTP date form
 *       (AccessDenied), within 15 minutes of the clock (RequestTimeTooSkewed). A presigned URL must
 *       not be used after {@code Expires} (AccessDenied "Request has expired").
 *   <li>The access key must exist (InvalidAccessKeyId).
 *   <li>The query must not name an operation that Signature Version 2 leaves unsigned, such as
 *       {@code ?encryption} (InvalidRequest).
 *   <li>The signature must match (SignatureDoesNotMatch, with the string to sign in the details).
 * </ol>
 */
public final class SignatureV2Verifier {
    /** How far a request's time may be from ours, as AWS allows. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private static final String AUTHORIZATION = "Authorization";
    private static final String ACCESS_KEY_PARAMETER = "AWSAccessKeyId";
    private static final String EXPIRES_PARAMETER = "Expires";
    private static final String SIGNATURE_PARAMETER = "Signature";

    private final AccessKeyLookup accessKeys;
    private final Clock clock;

    public SignatureV2Verifier(AccessKeyLookup accessKeys, Clock clock) {
        this.accessKeys = Objects.requireNonNull(accessKeys, "accessKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Verifies a path-style request (or one that names no bucket); see {@link #verify(SignedRequest, String)}. */
    public Authentication verify(SignedRequest request) {
        return verify(request, null);
    }

    /**
     * Verifies a request signed with Signature Version 2.
     *
     * @param request the request as received: its raw path is signed as sent
     * @param bucketFromHost the bucket named by the Host header of a virtual-hosted-style request,
     *     which the signature covers as the start of the resource; null for path style
     * @return who signed the request; its body is not signed
     * @throws S3Exception the error AWS would answer; AccessDenied for an anonymous request
     * @throws IllegalArgumentException for a Signature Version 4 request, which this class does not
     *     verify
     */
    public Authentication verify(SignedRequest request, String bucketFromHost) {
        return switch (AuthenticationScheme.detect(request)) {
            case SIGNATURE_V2_HEADER -> verifyHeader(request, bucketFromHost);
            case SIGNATURE_V2_QUERY -> verifyQuery(request, bucketFromHost);
            case ANONYMOUS -> throw new S3Exception(S3Error.ACCESS_DENIED);
            case SIGNATURE_V4_HEADER, SIGNATURE_V4_QUERY ->
                    throw new IllegalArgumentException("Not a Signature Version 2 request");
        };
    }

    private Authentication verifyHeader(SignedRequest request, String bucketFromHost) {
        String authorization = request.header(AUTHORIZATION).orElseThrow();
        String credentials = authorization.strip().substring("AWS".length()).strip();
        int colon = credentials.indexOf(':');
        if (colon <= 0 || colon == credentials.length() - 1) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT,
                    "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature")
                    .with("ArgumentName", AUTHORIZATION)
                    .with("ArgumentValue", authorization);
        }
        String accessKeyId = credentials.substring(0, colon);
        String provided = credentials.substring(colon + 1);
        Instant requestTime = checkDate(request);
        AccessKey accessKey = find(accessKeyId);
        List<String> candidates = new ArrayList<>(2);
        candidates.add(V2StringToSign.forHeader(request, bucketFromHost));
        String docExampleForm = V2StringToSign.forHeaderWithAmzDateAsDate(request, bucketFromHost);
        if (docExampleForm != null) {
            candidates.add(docExampleForm);
        }
        checkSignature(accessKey, candidates, provided);
        return Authentication.signatureV2(accessKey.accessKeyId(), accessKey.userId(),
                AuthenticationScheme.SIGNATURE_V2_HEADER, requestTime);
    }

    private Authentication verifyQuery(SignedRequest request, String bucketFromHost) {
        List<QueryString.Parameter> parameters = QueryString.parse(request.rawQuery());
        Optional<String> accessKeyId = QueryString.single(parameters, ACCESS_KEY_PARAMETER).filter(s -> !s.isEmpty());
        Optional<String> expires = QueryString.single(parameters, EXPIRES_PARAMETER).map(String::strip);
        // Base64 holds '+', which a hand-written URL may leave unescaped and form decoding turns into
        // a space; Base64 never holds a space, so putting the plus back is unambiguous.
        Optional<String> provided = QueryString.single(parameters, SIGNATURE_PARAMETER)
                .map(signature -> signature.replace(' ', '+')).filter(s -> !s.isEmpty());
        if (accessKeyId.isEmpty() || expires.isEmpty() || provided.isEmpty()) {
            throw new S3Exception(S3Error.ACCESS_DENIED,
                    "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
        }
        Instant expiry = checkExpiry(expires.get());
        AccessKey accessKey = find(accessKeyId.get());
        checkSignature(accessKey, List.of(V2StringToSign.forQuery(request, bucketFromHost, expires.get())),
                provided.get());
        return Authentication.signatureV2(accessKey.accessKeyId(), accessKey.userId(),
                AuthenticationScheme.SIGNATURE_V2_QUERY, expiry);
    }

    /**
     * The request's signed time: {@code x-amz-date} if present (the {@code Date} header is then
     * ignored, as AWS does), else {@code Date}; it must be within {@link #MAX_SKEW} of the clock.
     */
    private Instant checkDate(SignedRequest request) {
        Optional<String> amzDate = request.header("x-amz-date").map(String::strip);
        String sent = amzDate.or(() -> request.header("Date").map(String::strip)).orElse("");
        Instant requestTime = parseDate(sent).orElseThrow(() -> new S3Exception(S3Error.ACCESS_DENIED,
                "AWS authentication requires a valid Date or x-amz-date header"));
        Instant now = clock.instant();
        if (Duration.between(requestTime, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new S3Exception(S3Error.REQUEST_TIME_TOO_SKEWED)
                    .with("RequestTime", sent)
                    .with("ServerTime", AmzDates.formatDetail(now))
                    .with("MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis()));
        }
        return requestTime;
    }

    /**
     * An HTTP date ({@code Tue, 27 Mar 2007 19:36:42 +0000} or {@code ... GMT}, as every V2 client
     * writes it); SigV4's {@code 20070327T193642Z} is accepted too, for clients that reuse it.
     */
    private static Optional<Instant> parseDate(String text) {
        return AmzDates.parseHttpDate(text).or(() -> AmzDates.parseBasic(text));
    }

    private Instant checkExpiry(String expires) {
        long seconds;
        try {
            seconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Invalid date (should be seconds since epoch): " + expires);
        }
        Instant expiry = Instant.ofEpochSecond(Math.max(Instant.MIN.getEpochSecond(),
                Math.min(Instant.MAX.getEpochSecond(), seconds)));
        Instant now = clock.instant();
        if (now.isAfter(expiry)) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Request has expired")
                    .with("Expires", AmzDates.formatDetail(expiry))
                    .with("ServerTime", AmzDates.formatDetail(now));
        }
        return expiry;
    }

    private AccessKey find(String accessKeyId) {
        return accessKeys.find(accessKeyId).orElseThrow(() -> new S3Exception(S3Error.INVALID_ACCESS_KEY_ID)
                .with("AWSAccessKeyId", accessKeyId));
    }

    /**
     * Accepts the request if {@code provided} is the signature of one of the candidate strings to
     * sign (each covering the same parts of the request); the error reports the first.
     */
    private static void checkSignature(AccessKey accessKey, List<String> candidates, String provided) {
        boolean matched = false;
        for (String stringToSign : candidates) {
            // Every candidate is computed and compared, so timing does not tell which one matched.
            matched |= V2Signature.equal(V2Signature.sign(accessKey.secretKey(), stringToSign), provided);
        }
        if (!matched) {
            String stringToSign = candidates.get(0);
            throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH)
                    .with("AWSAccessKeyId", accessKey.accessKeyId())
                    .with("StringToSign", stringToSign)
                    .with("SignatureProvided", provided)
                    .with("StringToSignBytes", Hex.spacedBytes(stringToSign));
        }
    }
}
