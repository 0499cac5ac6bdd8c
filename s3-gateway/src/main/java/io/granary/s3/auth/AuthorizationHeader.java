package io.granary.s3.auth;

import java.util.List;
import java.util.Objects;

/**
 * A parsed {@code Authorization: AWS4-HMAC-SHA256 …} header.
 *
 * @param accessKeyId the access key id of the credential
 * @param scope the credential scope
 * @param signedHeaders the lower-cased names of the signed headers, in the order given
 * @param signature the signature as sent
 */
record AuthorizationHeader(String accessKeyId, CredentialScope scope, List<String> signedHeaders, String signature) {
    AuthorizationHeader {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(scope, "scope");
        signedHeaders = List.copyOf(signedHeaders);
        Objects.requireNonNull(signature, "signature");
    }
}
