package io.granary.launcher.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * A client of the admin API that signs every request with an access key. Answers come back as
 * JSON; error answers as {@link AdminException} with the server's status, code and message.
 * Thread-safe.
 */
public final class AdminClient {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final URI endpoint;
    private final String accessKeyId;
    private final String secretKey;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** @param endpoint {@code http://HOST:PORT} of the admin API */
    public AdminClient(URI endpoint, String accessKeyId, String secretKey, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sends one request.
     *
     * @param path the path, such as {@code /v1/volumes/data1}; names in it must need no encoding
     * @param body a JSON body, or null for none
     */
    public JsonNode call(String method, String path, Map<String, ?> body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : json.writeValueAsBytes(body);
        URI uri = endpoint.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (bytes.length > 0) {
            request.header("Content-Type", "application/json");
        }
        AdminSignature.headers(method, uri.getRawPath(), uri.getRawQuery(), bytes, accessKeyId, secretKey,
                clock.instant()).forEach(request::header);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while calling " + uri);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("the admin API at " + endpoint + " answered " + response.statusCode()
                    + " without JSON", e);
        }
        if (response.statusCode() >= 300) {
            JsonNode error = answer.path("error");
            throw new AdminException(response.statusCode(), error.path("code").asText("Unknown"),
                    error.path("message").asText(""));
        }
        return answer;
    }
}
