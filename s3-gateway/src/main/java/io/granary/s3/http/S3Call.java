package io.granary.s3.http;

import io.granary.core.model.BucketName;
import io.granary.core.model.ObjectKey;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.InputStream;

/**
 * One S3 request as the operations see it: who sent it, what it addresses, its headers, its
 * decoded query parameters and its body (already wrapped by the payload verification of the
 * authentication filter).
 */
public final class S3Call {
    private final ContainerRequestContext request;

    public S3Call(ContainerRequestContext request) {
        this.request = request;
    }

    public String requestId() {
        return (String) request.getProperty(RequestAttributes.REQUEST_ID);
    }

    public S3Address address() {
        return (S3Address) request.getProperty(RequestAttributes.ADDRESS);
    }

    /** The authenticated caller; there is none only if authentication was skipped, which is a bug. */
    public Caller caller() {
        Caller caller = (Caller) request.getProperty(RequestAttributes.CALLER);
        if (caller == null) {
            throw new S3Exception(S3Error.ACCESS_DENIED);
        }
        return caller;
    }

    public BucketName bucket() {
        return BucketName.of(address().bucket());
    }

    public ObjectKey key() {
        return ObjectKey.of(address().key());
    }

    public String method() {
        return request.getMethod();
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        return request.getHeaderString(name);
    }

    public MultivaluedMap<String, String> headers() {
        return request.getHeaders();
    }

    /** Whether the query names {@code parameter}, with or without a value ({@code ?location}). */
    public boolean has(String parameter) {
        return request.getUriInfo().getQueryParameters().containsKey(parameter);
    }

    /** The decoded value of a query parameter, or {@code null}. */
    public String query(String parameter) {
        return request.getUriInfo().getQueryParameters().getFirst(parameter);
    }

    public MultivaluedMap<String, String> queryParameters() {
        return request.getUriInfo().getQueryParameters();
    }

    public InputStream body() {
        return request.getEntityStream();
    }
}
