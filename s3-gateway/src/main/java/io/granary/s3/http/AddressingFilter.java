package io.granary.s3.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URI;

/**
 * The first thing every request meets: gives it an id, works out from the raw path which bucket
 * and key it addresses, and routes it to the service, bucket or object resource by rewriting the
 * URI to {@code /}, {@code /bucket} or {@code /object}. Handlers read the bucket and key from
 * {@link RequestAttributes#ADDRESS}, never from a decoded path, so no key can be mangled by path
 * normalization.
 */
@PreMatching
@Priority(100)
public final class AddressingFilter implements ContainerRequestFilter {
    /** Internal paths of the three resources. */
    public static final String SERVICE_PATH = "/";
    public static final String BUCKET_PATH = "/bucket";
    public static final String OBJECT_PATH = "/object";

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(RequestAttributes.REQUEST_ID, RequestIds.next());
        URI uri = request.getUriInfo().getRequestUri();
        String rawPath = uri.getRawPath() == null ? "/" : uri.getRawPath();
        request.setProperty(RequestAttributes.RAW_PATH, rawPath);
        if (uri.getRawQuery() != null) {
            request.setProperty(RequestAttributes.RAW_QUERY, uri.getRawQuery());
        }
        S3Address address = S3Address.fromRawPath(rawPath);
        request.setProperty(RequestAttributes.ADDRESS, address);
        String internal = address.isService() ? SERVICE_PATH : address.isBucket() ? BUCKET_PATH : OBJECT_PATH;
        URI base = request.getUriInfo().getBaseUri();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        request.setRequestUri(base, URI.create(base.toString().replaceAll("/$", "") + internal + query));
    }
}
