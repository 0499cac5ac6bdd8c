package io.granary.launcher.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.granary.core.StoreException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: JSON over HTTP on the JDK's {@link HttpServer}, every request
 * {@link AdminAuthenticator authenticated} before it is routed; {@code /v1/volumes…} goes to the
 * {@link VolumeApi}. Errors answer {@code {"error":{"code":…,"message":…}}} with their status.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} (idempotent) stops accepting and waits up
 * to a second for exchanges in progress. Requests run on a small pool of their own. Bodies over
 * {@value #MAX_BODY} bytes are refused (413).
 */
public final class AdminServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    static final int MAX_BODY = 64 * 1024;
    private static final String PREFIX = "/v1/volumes";

    private final String host;
    private final int requestedPort;
    private final AdminAuthenticator authenticator;
    private final VolumeApi volumes;
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;
    private ExecutorService threads;
    private boolean closed;

    public AdminServer(String host, int port, AdminAuthenticator authenticator, VolumeApi volumes) {
        this.host = Objects.requireNonNull(host, "host");
        this.requestedPort = port;
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.volumes = Objects.requireNonNull(volumes, "volumes");
    }

    public synchronized void start() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("the admin server was started already");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), requestedPort), 50);
        AtomicInteger count = new AtomicInteger();
        threads = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "admin-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(threads);
        http.createContext("/", this::exchange);
        http.start();
        server = http;
        LOG.info("Admin API listening on {}", endpoint());
    }

    /** {@code http://HOST:PORT}, while started. */
    public synchronized URI endpoint() {
        if (server == null || closed) {
            throw new IllegalStateException("the admin server is not running");
        }
        String address = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + address + ":" + server.getAddress().getPort());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop(1);
            threads.shutdown();
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status;
            Object body;
            try {
                VolumeApi.Reply reply = handle(exchange);
                status = reply.status();
                body = reply.body();
            } catch (AdminException e) {
                status = e.status();
                body = error(e.code(), e.getMessage());
            } catch (StoreException e) {
                AdminException translated = VolumeApi.translate(e);
                status = translated.status();
                body = error(translated.code(), translated.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                body = error("InternalError", e.toString());
            }
            byte[] bytes = json.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private VolumeApi.Reply handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        byte[] body = readBody(exchange);
        authenticator.authenticate(method, uri.getRawPath(), uri.getRawQuery(),
                name -> exchange.getRequestHeaders().getFirst(name), body);
        String path = uri.getPath();
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            throw new AdminException(404, "NoSuchRoute", "no such resource: " + path);
        }
        List<String> segments = Arrays.stream(path.substring(PREFIX.length()).split("/"))
                .filter(s -> !s.isEmpty()).toList();
        JsonNode request;
        try {
            request = body.length == 0 ? MissingNode.getInstance() : json.readTree(body);
        } catch (IOException e) {
            throw new AdminException(400, "MalformedJson", "the body is not JSON");
        }
        if (request == null || !(request.isObject() || request.isMissingNode())) {
            throw new AdminException(400, "MalformedJson", "the body must be a JSON object");
        }
        return volumes.handle(method, segments, request);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY) {
            throw new AdminException(413, "RequestTooLarge", "bodies are limited to " + MAX_BODY + " bytes");
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new AdminException(413, "RequestTooLarge", "bodies are limited to " + MAX_BODY + " bytes");
            }
            return body;
        }
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message == null ? code : message));
    }
}
