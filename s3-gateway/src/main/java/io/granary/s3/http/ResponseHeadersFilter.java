package io.granary.s3.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/** Puts the request id on every response, errors included, as S3 does. */
public final class ResponseHeadersFilter implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(RequestAttributes.REQUEST_ID);
        if (id != null) {
            response.getHeaders().putSingle("x-amz-request-id", id);
            response.getHeaders().putSingle("x-amz-id-2", id);
        }
        response.getHeaders().putSingle("Server", "Granary");
    }
}
