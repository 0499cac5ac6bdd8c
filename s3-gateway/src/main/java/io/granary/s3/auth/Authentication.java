package io.granary.s3.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A request whose signature checked out: who signed it, and how its body must be verified.
 *
 * <p>Only the request line and headers are proven by this value. The body is proven as it is read,
 * through {@link PayloadStreams#open}, which needs this value.
 *
 * @param accessKeyId the key that signed the request
 * @param userId the canonical id of the key's user
 * @param scheme {@link AuthenticationScheme#SIGNATURE_V4_HEADER} or
 *     {@link AuthenticationScheme#SIGNATURE_V4_QUERY} (a presigned URL)
 * @param requestTime the time the request was signed at
 * @param payloadMode how the body is protected
 * @param contentSha256 the payload hash that was signed: the {@code x-amz-content-sha256} value, or
 *     {@code UNSIGNED-PAYLOAD} for a presigned URL that does not name one
 * @param signing the key, timestamp, scope and signature that aws-chunked signatures chain to
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
        Objects.requireNonNull(signing, "signing");
    }

    /** The region the client signed for. */
    public String region() {
        return signing.scope().region();
    }
}
