package io.granary.s3.auth;

import java.util.Objects;

/**
 * What verifying the rest of a signed request needs: the chunk signatures of an aws-chunked body
 * and its trailer are chained from the request's own signature with the same key, timestamp and
 * scope.
 *
 * @param key the signing key of the request's scope
 * @param timestamp the request's timestamp as signed, {@code yyyyMMdd'T'HHmmss'Z'}
 * @param scope the credential scope
 * @param seedSignature the request's verified signature, which the first chunk's signature chains to
 */
public record SigningContext(SigningKey key, String timestamp, CredentialScope scope, String seedSignature) {
    public SigningContext {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(seedSignature, "seedSignature");
    }
}
