package io.granary.s3.http;

import io.granary.core.StoreException;
import io.granary.s3.error.ErrorDocument;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3ErrorStreamException;
import io.granary.s3.error.S3Exception;
import io.granary.s3.error.StoreErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into S3's error XML with the right status and the request id. */
public final class S3ExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(S3ExceptionMapper.class);

    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(Throwable failure) {
        S3Exception error = translate(failure);
        S3Address address = (S3Address) request.getAttribute(RequestAttributes.ADDRESS);
        if (address != null) {
            if (error.error() == S3Error.NO_SUCH_BUCKET || error.error() == S3Error.BUCKET_NOT_EMPTY
                    || error.error() == S3Error.BUCKET_ALREADY_EXISTS
                    || error.error() == S3Error.BUCKET_ALREADY_OWNED_BY_YOU) {
                error.withDefault("BucketName", address.bucket());
            } else if (error.error() == S3Error.NO_SUCH_KEY) {
                error.withDefault("Key", address.key());
            }
        }
        String requestId = String.valueOf(request.getAttribute(RequestAttributes.REQUEST_ID));
        Response response = response(error, requestId, "HEAD".equals(request.getMethod()));
        if (bodyLeftUnread()) {
            // The rest of the body would be taken for the next request: Jetty closes the connection
            // after this response, and the client must know before it reuses the connection.
            return Response.fromResponse(response).header("Connection", "close").build();
        }
        return response;
    }

    /** Whether the request has body bytes the handler did not read (it failed before or while reading). */
    private boolean bodyLeftUnread() {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!hasBody) {
            return false;
        }
        try {
            return !request.getInputStream().isFinished();
        } catch (IOException | IllegalStateException e) {
            return true;
        }
    }

    /** The response for an S3 error; HEAD responses carry no body. */
    public static Response response(S3Exception error, String requestId, boolean head) {
        Response.ResponseBuilder response = Response.status(error.error().status());
        if (!head) {
            response.entity(ErrorDocument.render(error, requestId)).type("application/xml");
        }
        error.headers().forEach(response::header);
        if (error.error() == S3Error.METHOD_NOT_ALLOWED) {
            response.header("Allow", "GET, PUT, HEAD, DELETE, POST");
        }
        return response.build();
    }

    static S3Exception translate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof S3Exception s3) {
                return s3;
            }
            if (cause instanceof S3ErrorStreamException stream) {
                return stream.s3Exception();
            }
            if (cause instanceof StoreException store) {
                S3Exception s3 = StoreErrors.toS3(store);
                if (s3.error() == S3Error.INTERNAL_ERROR || s3.error() == S3Error.SERVICE_UNAVAILABLE) {
                    LOG.warn("storage failure", store);
                }
                return s3;
            }
        }
        if (failure instanceof NotAllowedException) {
            return new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
        if (failure instanceof NotFoundException) {
            return new S3Exception(S3Error.INVALID_REQUEST, "No such resource");
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return new S3Exception(S3Error.INVALID_REQUEST, web.getMessage());
        }
        if (failure instanceof IOException) {
            // Reading the request body failed: the client went away or sent less than it said.
            return new S3Exception(S3Error.INCOMPLETE_BODY);
        }
        LOG.error("unexpected failure", failure);
        return new S3Exception(S3Error.INTERNAL_ERROR);
    }
}
