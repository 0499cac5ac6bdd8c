package io.granary.launcher.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Signed requests to one S3 endpoint in path style, and what their failures say. Thread-safe: one
 * instance serves the parallel parts of an upload.
 */
final class S3Requests {
    /** How much of an error body is read for its code and message. */
    private static final int ERROR_BODY_LIMIT = 16 << 10;

    private final URI endpoint;
    private final String accessKeyId;
    private final String secretKey;
    private final String region;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    S3Requests(URI endpoint, String accessKeyId, String secretKey, String region, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A request for the object at {@code location} with these query parameters, signed with the
     * given payload hash; the caller sets the method's body.
     */
    HttpRequest.Builder request(String method, S3Transfer.Location location, Map<String, String> parameters,
            String payloadHash) {
        String path = SigV4Signer.encodePath("/" + location.bucket() + "/" + location.key());
        String query = SigV4Signer.query(parameters);
        URI uri = endpoint.resolve(query.isEmpty() ? path : path + "?" + query);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofHours(6));
        SigV4Signer.sign(method, uri.getRawAuthority(), uri.getRawPath(), parameters, Map.of(), payloadHash,
                accessKeyId, secretKey, region, clock.instant()).forEach(builder::header);
        return builder;
    }

    HttpResponse<InputStream> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during an S3 transfer");
        }
    }

    /** The response's body, read whole and closed. */
    static byte[] body(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            return in.readAllBytes();
        }
    }

    /** Closes the body unread. */
    static void discard(HttpResponse<InputStream> response) throws IOException {
        response.body().close();
    }

    /**
     * What a failed response says, from its status and (consumed here) its body:
     * {@code HTTP 404 NoSuchBucket (The specified bucket does not exist)}.
     */
    static String outcome(HttpResponse<InputStream> response) throws IOException {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(ERROR_BODY_LIMIT);
        }
        return "HTTP " + response.statusCode() + errorOf(body);
    }

    /** {@code " Code (Message)"} from an S3 {@code <Error>} body; empty for any other body. */
    static String errorOf(byte[] body) {
        S3Xml xml;
        try {
            xml = S3Xml.parse(body);
        } catch (IOException e) {
            return "";
        }
        if (!xml.root().equals("Error") || xml.child("Code") == null) {
            return "";
        }
        String message = xml.child("Message");
        return " " + xml.child("Code") + (message == null || message.isEmpty() ? "" : " (" + message + ")");
    }
}
