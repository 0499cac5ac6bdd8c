package io.granary.launcher.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Whole-object downloads and uploads between a local file and an S3 endpoint, signed with
 * {@link SigV4Signer}, with a progress bar. Uploads are single PUTs with {@code UNSIGNED-PAYLOAD},
 * so objects are limited to S3's 5 GiB for one PUT.
 */
public final class S3Transfer {
    /** S3's largest single PUT. */
    public static final long MAX_PUT = 5L << 30;

    private final URI endpoint;
    private final String accessKeyId;
    private final String secretKey;
    private final String region;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param endpoint the gateway, {@code http://HOST:PORT}, addressed in path style */
    public S3Transfer(URI endpoint, String accessKeyId, String secretKey, String region, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An {@code s3://bucket/key} location. */
    public record Location(String bucket, String key) {
        public static Location parse(String url) {
            if (!url.startsWith("s3://")) {
                throw new IllegalArgumentException("not an s3:// URL: " + url);
            }
            String rest = url.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("an S3 location is s3://BUCKET/KEY: " + url);
            }
            return new Location(rest.substring(0, slash), rest.substring(slash + 1));
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /** Downloads the object into {@code file} (replaced), drawing progress on {@code progressOut}. */
    public long download(Location from, Path file, PrintStream progressOut) throws IOException {
        HttpResponse<InputStream> response = send(request("GET", from).GET());
        if (response.statusCode() != 200) {
            throw failure("GET", from, response);
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Progress progress = new Progress(progressOut, "downloading " + from, length);
        long copied = 0;
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                copied += n;
                progress.advance(n);
            }
        }
        progress.done();
        if (length >= 0 && copied != length) {
            throw new IOException("the download of " + from + " ended after " + copied + " of " + length + " bytes");
        }
        return copied;
    }

    /** Uploads {@code file} as the object, drawing progress on {@code progressOut}. */
    public long upload(Path file, Location to, PrintStream progressOut) throws IOException {
        long length = Files.size(file);
        if (length > MAX_PUT) {
            throw new IOException(file + " is " + length + " bytes; uploads above 5 GiB (multipart) are not supported");
        }
        Progress progress = new Progress(progressOut, "uploading " + to, length);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, progress)), length);
        HttpResponse<InputStream> response = send(request("PUT", to).PUT(body));
        if (response.statusCode() != 200) {
            throw failure("PUT", to, response);
        }
        response.body().close();
        progress.done();
        return length;
    }

    private HttpRequest.Builder request(String method, Location location) {
        String path = SigV4Signer.encodePath("/" + location.bucket() + "/" + location.key());
        URI uri = endpoint.resolve(path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofHours(6));
        SigV4Signer.sign(method, uri.getRawAuthority(), uri.getRawPath(), Map.of(), SigV4Signer.UNSIGNED_PAYLOAD,
                accessKeyId, secretKey, region, clock.instant()).forEach(builder::header);
        return builder;
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during an S3 transfer");
        }
    }

    private static IOException failure(String method, Location location, HttpResponse<InputStream> response)
            throws IOException {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }
        String code = body.replaceAll("(?s).*<Code>([^<]*)</Code>.*", "$1");
        return new IOException(method + " " + location + " failed with HTTP " + response.statusCode()
                + (code.equals(body) ? "" : " " + code));
    }

    private static InputStream counting(Path file, Progress progress) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        progress.advance(n);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
