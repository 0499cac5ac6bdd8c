package io.granary.s3;

import io.granary.core.auth.CredentialStore;
import io.granary.core.store.ObjectStore;
import io.granary.s3.http.AddressingFilter;
import io.granary.s3.http.AuthenticationFilter;
import io.granary.s3.http.RawTargetConnectionFactory;
import io.granary.s3.http.ResponseHeadersFilter;
import io.granary.s3.http.S3ExceptionMapper;
import io.granary.s3.http.S3JettyErrorHandler;
import io.granary.s3.http.VerbatimContentTypeFilter;
import io.granary.s3.resource.BucketResource;
import io.granary.s3.resource.ObjectResource;
import io.granary.s3.resource.ServiceResource;
import jakarta.servlet.DispatcherType;
import java.io.Closeable;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.glassfish.jersey.servlet.ServletProperties;

/**
 * The S3 gateway: Jersey on Jetty, serving the S3 REST API over an {@link ObjectStore}, with
 * requests authenticated against a {@link CredentialStore}.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}; {@link #endpoint()} is valid between
 * the two. Thread-safe after start.
 */
public final class S3Server implements Closeable {
    private enum State { LATENT, STARTED, CLOSED }

    private final Server jetty;
    private final ServerConnector connector;
    private final String host;
    private State state = State.LATENT;

    /**
     * @param host the address to listen on (127.0.0.1 for the local cloud)
     * @param port the port, or 0 for any free one
     * @param region the region of buckets created without a location constraint
     */
    public S3Server(String host, int port, String region, ObjectStore store, CredentialStore credentials, Clock clock) {
        this(host, port, new GatewaySettings(region), store, credentials, clock);
    }

    /**
     * @param host the address to listen on (127.0.0.1 for the local cloud)
     * @param port the port, or 0 for any free one
     * @param settings the region and the virtual-host domains
     */
    public S3Server(String host, int port, GatewaySettings settings, ObjectStore store, CredentialStore credentials,
            Clock clock) {
        Objects.requireNonNull(settings, "settings");
        this.host = Objects.requireNonNull(host, "host");
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("s3");
        jetty = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        // Jetty's cache of common header fields matches values ignoring case and then hands over its
        // own spelling (text/plain;charset=UTF-8 for ...utf-8): header values are signed, so they
        // must reach us exactly as sent.
        http.setHeaderCacheCaseSensitive(true);
        // Keys are names, not paths: encoded slashes, empty segments and dot segments are all legal
        // in keys, and nothing here maps a path onto a file, so Jetty must pass them through; the
        // targets it would still refuse (dot segments above the root) bypass its parser.
        http.setUriCompliance(UriCompliance.UNSAFE);
        connector = new ServerConnector(jetty, new RawTargetConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);

        ResourceConfig app = new ResourceConfig()
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(store).to(ObjectStore.class);
                        bind(settings).to(GatewaySettings.class);
                    }
                })
                .register(ServiceResource.class)
                .register(BucketResource.class)
                .register(ObjectResource.class)
                .register(new AddressingFilter(settings.virtualHostDomains()))
                .register(new AuthenticationFilter(credentials, clock))
                .register(new ResponseHeadersFilter())
                .register(S3ExceptionMapper.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServletProperties.QUERY_PARAMS_AS_FORM_PARAMS_DISABLED, true);
        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addFilter(new FilterHolder(new VerbatimContentTypeFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new ServletContainer(app)), "/*");
        context.setErrorHandler(new S3JettyErrorHandler());
        jetty.setHandler(context);
        jetty.setErrorHandler(new S3JettyErrorHandler());
    }

    /** Starts listening; fails if the port is taken. */
    public synchronized void start() throws Exception {
        if (state != State.LATENT) {
            throw new IllegalStateException("cannot start a server that is " + state);
        }
        jetty.start();
        state = State.STARTED;
    }

    /** The base URI clients use, such as {@code http://127.0.0.1:9000}. */
    public synchronized URI endpoint() {
        if (state != State.STARTED) {
            throw new IllegalStateException("the server is " + state);
        }
        return URI.create("http://" + host + ":" + connector.getLocalPort());
    }

    /** Stops accepting requests and stops the server; idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the S3 server did not stop cleanly", e);
        }
    }
}
