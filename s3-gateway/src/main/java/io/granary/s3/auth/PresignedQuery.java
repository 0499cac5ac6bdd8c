package io.granary.s3.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parsed signature parameters of a presigned URL.
 *
 * @param accessKeyId the access key id of {@code X-Amz-Credential}
 * @param scope the credential scope
 * @param signedHeaders the lower-cased names of {@code X-Amz-SignedHeaders}
 * @param signature {@code X-Amz-Signature}
 * @param timestamp {@code X-Amz-Date} as sent
 * @param requestTime {@code X-Amz-Date} as a time
 * @param expires {@code X-Amz-Expires}: how long after {@code requestTime} the URL stays valid
 * @param contentSha256 {@code X-Amz-Content-Sha256} if the URL names one; otherwise the payload
 *     is {@code UNSIGNED-PAYLOAD}
 */
record PresignedQuery(
        String accessKeyId,
        CredentialScope scope,
        List<String> signedHeaders,
        String signature,
        String timestamp,
        Instant requestTime,
        Duration expires,
        Optional<String> contentSha256) {
    PresignedQuery {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(scope, "scope");
        signedHeaders = List.copyOf(signedHeaders);
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(contentSha256, "contentSha256");
    }
}
