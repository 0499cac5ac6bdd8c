package io.granary.s3.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.URIUtil;

/**
 * HTTP/1.1 connections that let every S3 key through Jetty's URI parser.
 *
 * <p>S3 keys are names, not paths: {@code ../../x} is a legal key, so {@code GET /bucket/../../x}
 * is a legal request. As a path it climbs above the root, and Jetty's parser refuses such a target
 * outright ("Bad URI"), whatever the URI compliance mode, before any filter runs. When a request
 * target's path cannot be normalized, these connections hand Jetty a stand-in path ({@code /} with
 * the original query) and pass the original path on in the internal header {@link #RAW_PATH_HEADER},
 * from which {@link AddressingFilter} takes the bucket and key. The header is dropped from client
 * requests, so a client cannot use it to name a different object than its request line does.
 *
 * <p>Every other target goes to Jetty unchanged.
 */
public final class RawTargetConnectionFactory extends HttpConnectionFactory {
    /** Carries the original path of a request whose path Jetty could not have parsed. */
    public static final String RAW_PATH_HEADER = "X-Granary-Raw-Path";

    public RawTargetConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        RawTargetConnection connection = new RawTargetConnection(getHttpConfiguration(), connector, endPoint);
        connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
        return configure(connection, connector, endPoint);
    }

    /**
     * The stand-in target for {@code target}, or null when Jetty can parse {@code target} as it is.
     * Only origin-form targets ({@code /path?query}) whose path holds a dot segment that climbs
     * above the root are replaced.
     */
    static String standIn(String target) {
        if (target == null || !target.startsWith("/") || target.indexOf('.') < 0
                && !target.toLowerCase(Locale.ROOT).contains("%2e")) {
            return null;
        }
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        try {
            if (URIUtil.canonicalPath(path) != null) {
                return null;
            }
        } catch (IllegalArgumentException badEncoding) {
            return null; // Jetty refuses it with its own 400, which is right for a broken target
        }
        return question < 0 ? "/" : "/" + target.substring(question);
    }

    /** One HTTP/1.1 connection; it handles one request at a time, so one pending path is enough. */
    private static final class RawTargetConnection extends HttpConnection {
        private String pendingRawPath;

        RawTargetConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
        }

        @Override
        protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
            String standIn = standIn(uri);
            if (standIn == null) {
                pendingRawPath = null;
                return super.newHttpStream(method, uri, version);
            }
            int question = uri.indexOf('?');
            pendingRawPath = question < 0 ? uri : uri.substring(0, question);
            return super.newHttpStream(method, standIn, version);
        }

        @Override
        protected RequestHandler newRequestHandler() {
            return new RawTargetRequestHandler();
        }

        private final class RawTargetRequestHandler extends RequestHandler {
            @Override
            public void parsedHeader(HttpField field) {
                if (!RAW_PATH_HEADER.equalsIgnoreCase(field.getName())) {
                    super.parsedHeader(field);
                }
            }

            @Override
            public boolean headerComplete() {
                if (pendingRawPath != null) {
                    super.parsedHeader(new HttpField(RAW_PATH_HEADER, pendingRawPath));
                    pendingRawPath = null;
                }
                return super.headerComplete();
            }
        }
    }
}
