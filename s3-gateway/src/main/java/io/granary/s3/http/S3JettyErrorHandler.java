package io.granary.s3.http;

import io.granary.s3.error.ErrorDocument;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself, before a request reaches Jersey (an unparseable request line, a
 * header section too large, a bad URI), answered as S3 error XML like every other error.
 */
public final class S3JettyErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String requestId = RequestIds.next();
        byte[] body = ErrorDocument.render(error(code, message), requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        response.getHeaders().put("x-amz-request-id", requestId);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
    }

    static S3Exception error(int status, String message) {
        S3Error error = switch (status) {
            case 400 -> message != null && message.toLowerCase().contains("uri") ? S3Error.INVALID_URI : S3Error.INVALID_REQUEST;
            case 405 -> S3Error.METHOD_NOT_ALLOWED;
            case 411 -> S3Error.MISSING_CONTENT_LENGTH;
            case 413 -> S3Error.ENTITY_TOO_LARGE;
            case 414, 431 -> S3Error.REQUEST_HEADER_SECTION_TOO_LARGE;
            case 503 -> S3Error.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? S3Error.INTERNAL_ERROR : S3Error.INVALID_REQUEST;
        };
        return new S3Exception(error, message == null || message.isBlank() ? error.defaultMessage() : message);
    }
}
