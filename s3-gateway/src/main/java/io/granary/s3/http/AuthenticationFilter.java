package io.granary.s3.http;

import io.granary.core.auth.CredentialStore;
import io.granary.core.auth.User;
import io.granary.s3.auth.Authentication;
import io.granary.s3.auth.AuthenticationScheme;
import io.granary.s3.auth.PayloadStreams;
import io.granary.s3.auth.PostPolicyVerifier;
import io.granary.s3.auth.SignatureV2Verifier;
import io.granary.s3.auth.SignatureV4Verifier;
import io.granary.s3.auth.SignedRequest;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Authenticates every request before it is routed: verifies its Signature Version 4 or Version 2
 * (header or presigned query), records the {@link Caller}, and replaces the body with a stream that
 * checks the payload's digest or chunk signatures as the handler reads it (a Version 2 body, which is
 * not signed, passes through). Closed by default: anonymous requests are refused.
 *
 * <p>A Version 2 signature covers the bucket of a virtual-hosted-style request, which the addressing
 * filter takes from the Host header into {@link RequestAttributes#BUCKET_FROM_HOST}.
 *
 * <p>The one unsigned request let through is a browser POST upload: a POST of
 * {@code multipart/form-data} to a bucket, without a query, authenticated by the signed policy in
 * its form. The filter reads the fields before the file, verifies them, and leaves a {@link PostForm}
 * whose file is still unread in {@link PostForm#ATTRIBUTE}.
 */
@PreMatching
@Priority(200)
public final class AuthenticationFilter implements ContainerRequestFilter {
    /** The most bytes of all the form fields before a browser upload's file together, as S3 allows. */
    private static final int MAX_FIELDS = 20 * 1024;

    private final CredentialStore credentials;
    private final SignatureV4Verifier signatureV4;
    private final SignatureV2Verifier signatureV2;
    private final PostPolicyVerifier postPolicy;

    public AuthenticationFilter(CredentialStore credentials, Clock clock) {
        this.credentials = credentials;
        this.signatureV4 = new SignatureV4Verifier(credentials::findAccessKey, clock);
        this.signatureV2 = new SignatureV2Verifier(credentials::findAccessKey, clock);
        this.postPolicy = new PostPolicyVerifier(credentials::findAccessKey, clock);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SignedRequest signed = new SignedRequest(request.getMethod(),
                (String) request.getProperty(RequestAttributes.RAW_PATH),
                (String) request.getProperty(RequestAttributes.RAW_QUERY), request.getHeaders());
        AuthenticationScheme scheme = AuthenticationScheme.detect(signed);
        switch (scheme) {
            case ANONYMOUS -> {
                String boundary = browserUploadBoundary(request, signed);
                if (boundary == null) {
                    throw new S3Exception(S3Error.ACCESS_DENIED, "Anonymous access is not allowed.");
                }
                authenticateForm(request, boundary);
            }
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

    /** The form boundary of a browser POST upload, or {@code null} if the request is not one. */
    private static String browserUploadBoundary(ContainerRequestContext request, SignedRequest signed) {
        S3Address address = (S3Address) request.getProperty(RequestAttributes.ADDRESS);
        if (!"POST".equals(request.getMethod()) || address == null || !address.isBucket()
                || (signed.rawQuery() != null && !signed.rawQuery().isEmpty())) {
            return null;
        }
        return MultipartFormReader.boundary(request.getHeaderString("Content-Type"));
    }

    private void authenticateForm(ContainerRequestContext request, String boundary) {
        MultipartFormReader form = new MultipartFormReader(request.getEntityStream(), boundary);
        Map<String, String> fields = new LinkedHashMap<>();
        int size = 0;
        try {
            MultipartFormReader.PartHeaders part;
            while ((part = form.next()) != null) {
                String name = part.name().toLowerCase(Locale.ROOT);
                if (name.equals("file")) {
                    String bucket = ((S3Address) request.getProperty(RequestAttributes.ADDRESS)).bucket();
                    PostPolicyVerifier.Verified verified = postPolicy.verify(fields, bucket);
                    User user = credentials.findUserById(verified.accessKey().userId())
                            .orElseThrow(() -> new S3Exception(S3Error.INVALID_ACCESS_KEY_ID)
                                    .with("AWSAccessKeyId", verified.accessKey().accessKeyId()));
                    request.setProperty(RequestAttributes.CALLER,
                            new Caller(user.id(), user.name(), verified.accessKey().accessKeyId()));
                    request.setProperty(PostForm.ATTRIBUTE, new PostForm(fields,
                            part.fileName() == null ? "" : part.fileName(), form.content(), verified.policy()));
                    return;
                }
                String value = form.readText(MAX_FIELDS - size);
                size += value.length() + name.length();
                if (fields.putIfAbsent(name, value) != null) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, "Field " + name + " is given more than once.")
                            .with("ArgumentName", name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "POST requires exactly one file upload per request.")
                .with("ArgumentName", "file").with("ArgumentValue", "0");
    }
}
