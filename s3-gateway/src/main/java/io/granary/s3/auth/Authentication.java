package io.granary.s3.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A request whose signature checked out: who signed it, and how its body must be verified.
 *
 * <p>Only the request line and headers are proven by this value. The body is proven as it is read,
 * through {@link PayloadStreams#open}, which needs this value. Signature Version 2 does not sign the
 * body: its requests have {@link PayloadMode#UNSIGNED_PAYLOAD} and no signing context (see
 * {@link #signatureV2}).
 *
 * @param accessKeyId the key that signed the request
 * @param userId the canonical id of the key's user
 * @param scheme {@link AuthenticationScheme#SIGNATURE_V4_HEADER} or
 *     {@link AuthenticationScheme#SIGNATURE_V4_QUERY} (a presigned URL), or their Signature Version 2
 *     counterparts
 * @param requestTime the time the request was signed at; for a Signature Version 2 presigned URL,
 *     which does not say, the time it expires
 * @param payloadMode how the body is protected
 * @param contentSha256 the payload hash that was signed: the {@code x-amz-content-sha256} value, or
 *     {@code UNSIGNED-PAYLOAD} for a presigned URL that does not name one and for Signature Version 2
 * @param signing the key, timestamp, scope and signature that aws-chunked signatures chain to; null
 *     for Signature Version 2, which has none of them
 */
public record Authentication(
        String accessKeyId,
        String userId,
        AuthenticationScheme scheme,
        Instant requestTime,
        PayloadMode payloadMode,
        String contentSha256,
        SigningContext signing) {
    public Authentication {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(payloadMode, "payloadMode");
        Objects.requireNonNull(contentSha256, "contentSha256");
        if (scheme == AuthenticationScheme.SIGNATURE_V2_HEADER || scheme == AuthenticationScheme.SIGNATURE_V2_QUERY) {
            if (payloadMode != PayloadMode.UNSIGNED_PAYLOAD || signing != null) {
                throw new IllegalArgumentException("Signature Version 2 signs no payload and has no signing context");
            }
        } else {
            Objects.requireNonNull(signing, "signing");
        }
    }

    /**
     * A request verified with Signature Version 2, whose body is not signed.
     *
     * @param scheme {@link AuthenticationScheme#SIGNATURE_V2_HEADER} or
     *     {@link AuthenticationScheme#SIGNATURE_V2_QUERY}
     */
    public static Authentication signatureV2(String accessKeyId, String userId, AuthenticationScheme scheme,
            Instant requestTime) {
        return new Authentication(accessKeyId, userId, scheme, requestTime, PayloadMode.UNSIGNED_PAYLOAD,
                PayloadMode.UNSIGNED_PAYLOAD.headerValue(), null);
    }

    /** The region the client signed for; null for Signature Version 2, which signs for no region. */
    public String region() {
        return signing == null ? null : signing.scope().region();
    }
}
