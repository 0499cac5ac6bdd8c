package io.granary.s3.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * A raw HTTP client whose requests are signed with the AWS SDK's own SigV4 signer: for tests that
 * must send what no SDK call would (malformed XML, wrong digests, odd paths) yet be authenticated.
 */
public final class SignedHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    public SignedHttp(URI endpoint, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Sends a request signed with a payload hash.
     *
     * @param rawPathAndQuery already percent-encoded, sent exactly as given
     */
    public HttpResponse<byte[]> send(String method, String rawPathAndQuery, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        return send(method, rawPathAndQuery, headers, body, body);
    }

    /** Signs the request for {@code signedBody} but sends {@code sentBody}: a payload tampered with in transit. */
    public HttpResponse<byte[]> sendTampered(String method, String rawPathAndQuery, byte[] signedBody, byte[] sentBody)
            throws IOException, InterruptedException {
        return send(method, rawPathAndQuery, Map.of(), signedBody, sentBody);
    }

    private HttpResponse<byte[]> send(String method, String rawPathAndQuery, Map<String, String> headers, byte[] body,
            byte[] sentBody) throws IOException, InterruptedException {
        URI uri = URI.create(endpoint + rawPathAndQuery);
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(accessKey, secretKey))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(sentBody))
                .timeout(Duration.ofSeconds(60));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase())) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends a request with no signature at all. */
    public HttpResponse<byte[]> sendAnonymous(String method, String rawPathAndQuery, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + rawPathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Headers the JDK client sets itself (Host and Content-Length come out as signed). */
    private static final List<String> RESTRICTED = List.of("host", "content-length", "connection", "expect");
}
