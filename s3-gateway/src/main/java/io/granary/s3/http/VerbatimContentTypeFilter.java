package io.granary.s3.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Sends the Content-Type the application sets exactly as given. Jetty's servlet response swaps a
 * Content-Type it knows for its own spelling ({@code text/plain;charset=UTF-8} goes out as
 * {@code text/plain;charset=utf-8}); S3 returns an object's Content-Type as it was stored, and
 * clients copy that value back into signed requests (S3A's rename does).
 *
 * <p>The gateway writes bodies as bytes, never through a servlet {@code Writer}, so Jetty has no
 * use for the character encoding it would otherwise track from the Content-Type.
 */
public final class VerbatimContentTypeFilter extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ServletContextRequest jettyRequest = ServletContextRequest.getServletContextRequest(request);
        if (jettyRequest == null) {
            chain.doFilter(request, response);
            return;
        }
        HttpFields.Mutable headers = jettyRequest.getServletContextResponse().getWrapped().getHeaders();
        chain.doFilter(request, new VerbatimContentTypeResponse(response, headers));
    }

    /** Routes Content-Type past the servlet layer into the HTTP response's own header fields. */
    private static final class VerbatimContentTypeResponse extends HttpServletResponseWrapper {
        private final HttpFields.Mutable headers;

        VerbatimContentTypeResponse(HttpServletResponse response, HttpFields.Mutable headers) {
            super(response);
            this.headers = headers;
        }

        @Override
        public void setContentType(String type) {
            if (type == null || isCommitted()) {
                super.setContentType(type);
            } else {
                headers.put(HttpHeader.CONTENT_TYPE, type);
            }
        }

        @Override
        public String getContentType() {
            String type = headers.get(HttpHeader.CONTENT_TYPE);
            return type != null ? type : super.getContentType();
        }

        @Override
        public void setHeader(String name, String value) {
            if (HttpHeader.CONTENT_TYPE.is(name)) {
                setContentType(value);
            } else {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (HttpHeader.CONTENT_TYPE.is(name)) {
                setContentType(value);
            } else {
                super.addHeader(name, value);
            }
        }
    }
}
