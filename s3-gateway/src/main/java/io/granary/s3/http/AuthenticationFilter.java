package io.granary.s3.http;

import io.granary.core.auth.CredentialStore;
import io.granary.core.auth.User;
import io.granary.s3.auth.Authentication;
import io.granary.s3.auth.AuthenticationScheme;
import io.granary.s3.auth.PayloadStreams;
import io.granary.s3.auth.SignatureV2Verifier;
import io.granary.s3.auth.SignatureV4Verifier;
import io.granary.s3.auth.SignedRequest;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.time.Clock;

/**
 * Authenticates every request before it is routed: verifies its Signature Version 4 or Version 2
 * (header or presigned query), records the {@link Caller}, and replaces the body with a stream that
 * checks the payload's digest or chunk signatures as the handler reads it (a Version 2 body, which is
 * not signed, passes through). Closed by default: anonymous requests are refused.
 *
 * <p>A Version 2 signature covers the bucket of a virtual-hosted-style request, which the addressing
 * filter takes from the Host header into {@link RequestAttributes#BUCKET_FROM_HOST}.
 */
@PreMatching
@Priority(200)
public final class AuthenticationFilter implements ContainerRequestFilter {
    private final CredentialStore credentials;
    private final SignatureV4Verifier signatureV4;
    private final SignatureV2Verifier signatureV2;

    public AuthenticationFilter(CredentialStore credentials, Clock clock) {
        this.credentials = credentials;
        this.signatureV4 = new SignatureV4Verifier(credentials::findAccessKey, clock);
        this.signatureV2 = new SignatureV2Verifier(credentials::findAccessKey, clock);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SignedRequest signed = new SignedRequest(request.getMethod(),
                (String) request.getProperty(RequestAttributes.RAW_PATH),
                (String) request.getProperty(RequestAttributes.RAW_QUERY), request.getHeaders());
        AuthenticationScheme scheme = AuthenticationScheme.detect(signed);
        switch (scheme) {
            case ANONYMOUS -> throw new S3Exception(S3Error.ACCESS_DENIED, "Anonymous access is not allowed.");
            case SIGNATURE_V2_HEADER, SIGNATURE_V2_QUERY -> authenticate(request, signed, signatureV2.verify(signed,
                    (String) request.getProperty(RequestAttributes.BUCKET_FROM_HOST)));
            case SIGNATURE_V4_HEADER, SIGNATURE_V4_QUERY -> authenticate(request, signed, signatureV4.verify(signed));
            default -> throw new IllegalStateException("unknown scheme " + scheme);
        }
    }

    private void authenticate(ContainerRequestContext request, SignedRequest signed, Authentication authentication) {
        User user = credentials.findUserById(authentication.userId())
                .orElseThrow(() -> new S3Exception(S3Error.INVALID_ACCESS_KEY_ID)
                        .with("AWSAccessKeyId", authentication.accessKeyId()));
        request.setProperty(RequestAttributes.CALLER,
                new Caller(user.id(), user.name(), authentication.accessKeyId()));
        request.setEntityStream(PayloadStreams.open(authentication, signed, request.getEntityStream()));
    }
}
