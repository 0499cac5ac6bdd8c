package io.granary.s3.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.HttpMethod;
import com.amazonaws.Request;
import com.amazonaws.Response;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.handlers.RequestHandler2;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.amazonaws.services.s3.model.GeneratePresignedUrlRequest;
import com.amazonaws.services.s3.model.ObjectListing;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.ResponseHeaderOverrides;
import com.amazonaws.services.s3.model.S3Object;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.amazonaws.services.s3.transfer.TransferManager;
import com.amazonaws.services.s3.transfer.TransferManagerBuilder;
import io.granary.core.auth.AccessKey;
import io.granary.core.testing.Fixtures;
import io.granary.s3.GatewaySettings;
import io.granary.s3.testing.GatewayFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signature Version 2 through the real HTTP stack: a hand-written client like CloudStack's XenServer
 * script and s3cmd (header and presigned URLs, path style, Content-MD5, {@code Expect: 100-continue}),
 * and the AWS SDK for Java v1 with {@code S3SignerType}, as CloudStack configures it.
 */
class SignatureV2Test {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '+0000'", Locale.US).withZone(ZoneOffset.UTC);
    /** A key that must be escaped in the path: a space, a plus and non-ASCII letters. */
    private static final String KEY = "docs/naïve café+notes 2024.txt";

    private static GatewayFixture gateway;
    private static V2Client alice;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture();
        alice = new V2Client(gateway.endpoint(), gateway.alice());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void putGetHeadListAndDeleteWithTheAuthorizationHeader() throws Exception {
        String bucket = Fixtures.uniqueBucketName().value();
        assertStatus(200, alice.send("PUT", "/" + bucket, Map.of(), new byte[0]));
        byte[] body = "Signed with HMAC-SHA1, sent with Expect: 100-continue.".getBytes(StandardCharsets.UTF_8);
        String path = "/" + bucket + "/" + encodePath(KEY);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain");
        headers.put("Content-MD5", base64Md5(body));
        headers.put("x-amz-meta-origin", "xenserver");
        headers.put("X-Amz-Storage-Class", "REDUCED_REDUNDANCY");
        HttpResponse<byte[]> put = alice.send("PUT", path, headers, body, true);
        assertStatus(200, put);
        assertEquals("\"" + hexMd5(body) + "\"", put.headers().firstValue("ETag").orElseThrow());

        HttpResponse<byte[]> get = alice.send("GET", path, Map.of(), null);
        assertStatus(200, get);
        assertArrayEquals(body, get.body());
        assertEquals("text/plain", get.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("xenserver", get.headers().firstValue("x-amz-meta-origin").orElseThrow());

        HttpResponse<byte[]> head = alice.send("HEAD", path, Map.of(), null);
        assertStatus(200, head);
        assertEquals(Long.toString(body.length), head.headers().firstValue("Content-Length").orElseThrow());

        HttpResponse<byte[]> list = alice.send("GET", "/" + bucket + "?prefix=docs%2F&delimiter=%2F", Map.of(), null);
        assertStatus(200, list);
        assertTrue(text(list).contains("<Key>" + KEY + "</Key>"), text(list));

        // A signed sub-resource.
        HttpResponse<byte[]> location = alice.send("GET", "/" + bucket + "?location", Map.of(), null);
        assertStatus(200, location);
        assertTrue(text(location).contains("LocationConstraint"), text(location));

        HttpResponse<byte[]> buckets = alice.send("GET", "/", Map.of(), null);
        assertStatus(200, buckets);
        assertTrue(text(buckets).contains("<Name>" + bucket + "</Name>"), text(buckets));

        assertStatus(204, alice.send("DELETE", path, Map.of(), null));
        assertError(404, "NoSuchKey", alice.send("GET", path, Map.of(), null));
        assertStatus(204, alice.send("DELETE", "/" + bucket, Map.of(), null));
    }

    @Test
    void amzDateInsteadOfDateAsS3cmdSendsIt() throws Exception {
        String bucket = createBucket();
        byte[] body = "dated by x-amz-date".getBytes(StandardCharsets.UTF_8);
        String path = "/" + bucket + "/s3cmd.txt";
        Map<String, String> headers = Map.of("x-amz-date", HTTP_DATE.format(Instant.now()),
                "Content-Type", "text/plain");
        assertStatus(200, alice.sendDatedBy(headers, "PUT", path, body));
        assertArrayEquals(body, alice.send("GET", path, Map.of(), null).body());
    }

    @Test
    void theBodyIsNotSignedButItsContentMd5IsChecked() throws Exception {
        String bucket = createBucket();
        String path = "/" + bucket + "/digest.txt";
        byte[] body = "the bytes sent".getBytes(StandardCharsets.UTF_8);
        byte[] other = "other bytes".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> wrongDigest = alice.send("PUT", path, Map.of("Content-MD5", base64Md5(other)), body, true);
        assertError(400, "BadDigest", wrongDigest);
        assertError(404, "NoSuchKey", alice.send("GET", path, Map.of(), null));
    }

    @Test
    void refusesAWrongSecretAnUnknownKeyAndASkewedDate() throws Exception {
        String bucket = createBucket();
        V2Client wrongSecret = new V2Client(gateway.endpoint(), new AccessKey(gateway.alice().accessKeyId(),
                "not-the-secret", gateway.alice().userId(), Instant.EPOCH));
        HttpResponse<byte[]> refused = wrongSecret.send("GET", "/" + bucket + "?acl", Map.of(), null);
        assertError(403, "SignatureDoesNotMatch", refused);
        assertTrue(text(refused).contains("<StringToSign>GET\n\n\n"), text(refused));
        assertTrue(text(refused).contains("\n/" + bucket + "?acl</StringToSign>"), text(refused));
        assertTrue(text(refused).contains("<StringToSignBytes>47 45 54 0a"), text(refused));

        V2Client unknown = new V2Client(gateway.endpoint(), new AccessKey("GKUNKNOWN0000000000", "secret", "nobody",
                Instant.EPOCH));
        assertError(403, "InvalidAccessKeyId", unknown.send("GET", "/" + bucket, Map.of(), null));

        String skewed = HTTP_DATE.format(Instant.now().minus(Duration.ofHours(1)));
        assertError(403, "RequestTimeTooSkewed", alice.sendDatedBy(Map.of("Date", skewed), "GET", "/" + bucket, null));

        // The caller is who signed: bob's valid signature does not open alice's bucket.
        assertError(403, "AccessDenied", new V2Client(gateway.endpoint(), gateway.bob())
                .send("GET", "/" + bucket, Map.of(), null));
    }

    @Test
    void presignedUrlsWorkUntilTheyExpire() throws Exception {
        String bucket = createBucket();
        String path = "/" + bucket + "/" + encodePath(KEY);
        byte[] body = "shared by a presigned URL".getBytes(StandardCharsets.UTF_8);
        assertStatus(200, alice.send("PUT", path, Map.of("Content-Type", "text/plain"), body, false));

        long inAnHour = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        HttpResponse<byte[]> get = plainGet(alice.presign(path, "", inAnHour));
        assertStatus(200, get);
        assertArrayEquals(body, get.body());

        // As s3cmd signurl does with --content-type: a signed response override, its value decoded.
        String override = "response-content-type=" + URLEncoder.encode("application/x-note; charset=utf-8",
                StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<byte[]> overridden = plainGet(alice.presign(path, override, inAnHour));
        assertStatus(200, overridden);
        assertEquals("application/x-note; charset=utf-8", overridden.headers().firstValue("Content-Type").orElseThrow());

        long aMinuteAgo = Instant.now().minus(Duration.ofMinutes(1)).getEpochSecond();
        HttpResponse<byte[]> expired = plainGet(alice.presign(path, "", aMinuteAgo));
        assertError(403, "AccessDenied", expired);
        assertTrue(text(expired).contains("<Message>Request has expired</Message>"), text(expired));
        assertTrue(text(expired).contains("<Expires>" + Instant.ofEpochSecond(aMinuteAgo) + "</Expires>"),
                text(expired));

        V2Client wrongSecret = new V2Client(gateway.endpoint(), new AccessKey(gateway.alice().accessKeyId(),
                "not-the-secret", gateway.alice().userId(), Instant.EPOCH));
        assertError(403, "SignatureDoesNotMatch", plainGet(wrongSecret.presign(path, "", inAnHour)));

        String url = alice.presign(path, "", inAnHour);
        assertError(403, "SignatureDoesNotMatch", plainGet(url.replace(encodePath(KEY), "other")));
    }

    @Test
    void awsSdkForJavaV1WithS3SignerType() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        AmazonS3 s3 = sdkV1(gateway.alice(), requests);
        try {
            String bucket = Fixtures.uniqueBucketName().value();
            s3.createBucket(bucket);

            ObjectMetadata metadata = new ObjectMetadata();
            metadata.setContentType("text/plain");
            metadata.addUserMetadata("template", "centos");
            byte[] body = "uploaded by the SDK v1 with S3SignerType".getBytes(StandardCharsets.UTF_8);
            metadata.setContentLength(body.length);
            s3.putObject(new PutObjectRequest(bucket, KEY, new ByteArrayInputStream(body), metadata));
            s3.putObject(bucket, "template/2/ref.txt", "second");

            try (S3Object object = s3.getObject(bucket, KEY); InputStream content = object.getObjectContent()) {
                assertArrayEquals(body, content.readAllBytes());
                assertEquals("centos", object.getObjectMetadata().getUserMetaDataOf("template"));
            }
            assertEquals(body.length, s3.getObjectMetadata(bucket, KEY).getContentLength());
            assertEquals("second", s3.getObjectAsString(bucket, "template/2/ref.txt"));

            ObjectListing listing = s3.listObjects(bucket, "template/");
            assertEquals(List.of("template/2/ref.txt"),
                    listing.getObjectSummaries().stream().map(S3ObjectSummary::getKey).toList());
            assertEquals(List.of(KEY, "template/2/ref.txt"),
                    s3.listObjects(bucket).getObjectSummaries().stream().map(S3ObjectSummary::getKey).toList());

            // CloudStack's extract URL: a presigned GET fetched by anyone.
            Date expiration = Date.from(Instant.now().plus(Duration.ofHours(4)));
            HttpResponse<byte[]> fetched = plainGet(s3.generatePresignedUrl(bucket, KEY, expiration).toString());
            assertStatus(200, fetched);
            assertArrayEquals(body, fetched.body());
            GeneratePresignedUrlRequest withOverride = new GeneratePresignedUrlRequest(bucket, KEY, HttpMethod.GET)
                    .withExpiration(expiration)
                    .withResponseHeaders(new ResponseHeaderOverrides().withContentDisposition("attachment; x=1"));
            HttpResponse<byte[]> disposition = plainGet(s3.generatePresignedUrl(withOverride).toString());
            assertStatus(200, disposition);
            assertEquals("attachment; x=1", disposition.headers().firstValue("Content-Disposition").orElseThrow());
            Date past = Date.from(Instant.now().minus(Duration.ofMinutes(1)));
            assertError(403, "AccessDenied", plainGet(s3.generatePresignedUrl(bucket, KEY, past).toString()));

            AmazonS3Exception wrong = assertThrows(AmazonS3Exception.class,
                    () -> sdkV1(new AccessKey(gateway.alice().accessKeyId(), "not-the-secret",
                            gateway.alice().userId(), Instant.EPOCH)).getObjectAsString(bucket, KEY));
            assertEquals("SignatureDoesNotMatch", wrong.getErrorCode());

            s3.deleteObject(bucket, KEY);
            s3.deleteObject(bucket, "template/2/ref.txt");
            assertTrue(s3.listObjects(bucket).getObjectSummaries().isEmpty());
            s3.deleteBucket(bucket);

            assertTrue(requests.size() > 10, requests::toString);
            assertTrue(requests.stream().allMatch(request -> request.startsWith("AWS ")), requests::toString);
            String presigned = s3.generatePresignedUrl(bucket, KEY, expiration).getQuery();
            assertTrue(presigned.contains("AWSAccessKeyId=") && presigned.contains("Signature="), presigned);
        } finally {
            s3.shutdown();
        }
    }

    @Test
    void awsSdkForJavaV1TransferManagerUpload() throws Exception {
        AmazonS3 s3 = sdkV1(gateway.alice());
        TransferManager transfers = TransferManagerBuilder.standard().withS3Client(s3).build();
        try {
            String bucket = Fixtures.uniqueBucketName().value();
            s3.createBucket(bucket);
            byte[] body = new byte[300_000];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (i * 31);
            }
            ObjectMetadata metadata = new ObjectMetadata();
            metadata.setContentLength(body.length);
            transfers.upload(bucket, "template/tmpl/1/2/disk.vhd", new ByteArrayInputStream(body), metadata)
                    .waitForCompletion();
            try (S3Object object = s3.getObject(bucket, "template/tmpl/1/2/disk.vhd");
                    InputStream content = object.getObjectContent()) {
                assertArrayEquals(body, content.readAllBytes());
            }
        } finally {
            transfers.shutdownNow(true);
        }
    }

    /**
     * The SDK v1 without forced path style, as one stored version of CloudStack's S3Utils leaves it:
     * on a host-name endpoint it puts the bucket in the Host header, and its signature covers
     * {@code /bucket/key} although the path is {@code /key}.
     */
    @Test
    void awsSdkForJavaV1VirtualHostedStyle() throws Exception {
        String domain = "s3.granary.test";
        try (GatewayFixture virtualHosts = new GatewayFixture(new GatewaySettings("us-east-1", List.of(domain)))) {
            int port = virtualHosts.endpoint().getPort();
            List<String> requests = new CopyOnWriteArrayList<>();
            AmazonS3 s3 = sdkV1(URI.create("http://" + domain + ":" + port), virtualHosts.alice(), false, requests);
            try {
                String bucket = Fixtures.uniqueBucketName().value();
                s3.createBucket(bucket);
                s3.putObject(bucket, KEY, "virtually hosted");
                assertEquals("virtually hosted", s3.getObjectAsString(bucket, KEY));
                assertEquals(List.of(KEY), s3.listObjects(bucket).getObjectSummaries().stream()
                        .map(S3ObjectSummary::getKey).toList());
                assertTrue(requests.contains("AWS " + bucket + "." + domain + " /" + encodePath(KEY)),
                        requests::toString);

                URI presigned = s3.generatePresignedUrl(bucket, KEY, Date.from(Instant.now().plus(Duration.ofHours(1))))
                        .toURI();
                assertEquals(bucket + "." + domain, presigned.getHost());
                String fetched = rawGet(port, presigned.getHost() + ":" + port, presigned.getRawPath() + "?"
                        + presigned.getRawQuery());
                assertTrue(fetched.startsWith("HTTP/1.1 200 "), fetched);
                assertTrue(fetched.endsWith("\r\n\r\nvirtually hosted"), fetched);
                // The same URL for another bucket's host: the signature covers the bucket.
                String elsewhere = rawGet(port, "other-" + bucket + "." + domain + ":" + port,
                        presigned.getRawPath() + "?" + presigned.getRawQuery());
                assertTrue(elsewhere.startsWith("HTTP/1.1 403 ") && elsewhere.contains("SignatureDoesNotMatch"),
                        elsewhere);

                s3.deleteObject(bucket, KEY);
                s3.deleteBucket(bucket);
            } finally {
                s3.shutdown();
            }
        }
    }

    private static AmazonS3 sdkV1(AccessKey key) {
        return sdkV1(key, new CopyOnWriteArrayList<>());
    }

    private static AmazonS3 sdkV1(AccessKey key, List<String> requests) {
        return sdkV1(gateway.endpoint(), key, true, requests);
    }

    /**
     * An SDK v1 client as CloudStack's S3Utils makes it, every name resolving to the loopback
     * address, recording each request's scheme, host and path ({@code AWS host /path}).
     */
    private static AmazonS3 sdkV1(URI endpoint, AccessKey key, boolean pathStyle, List<String> requests) {
        return AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint.toString(), "us-east-1"))
                .withPathStyleAccessEnabled(pathStyle)
                .withClientConfiguration(new ClientConfiguration()
                        .withSignerOverride("S3SignerType")
                        .withDnsResolver(host -> new InetAddress[] {InetAddress.getLoopbackAddress()}))
                .withCredentials(new AWSStaticCredentialsProvider(
                        new BasicAWSCredentials(key.accessKeyId(), key.secretKey())))
                .withRequestHandlers(new RequestHandler2() {
                    @Override
                    public void afterResponse(Request<?> request, Response<?> response) {
                        String authorization = request.getHeaders().get("Authorization");
                        requests.add(authorization.substring(0, authorization.indexOf(' ')) + " "
                                + request.getEndpoint().getHost() + " /" + request.getResourcePath());
                    }
                })
                .build();
    }

    /** A GET with the Host header given, over a plain socket (the JDK client will not send another Host). */
    private static String rawGet(int port, String host, String pathAndQuery) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String createBucket() throws Exception {
        String bucket = Fixtures.uniqueBucketName().value();
        assertStatus(200, alice.send("PUT", "/" + bucket, Map.of(), new byte[0]));
        return bucket;
    }

    private static HttpResponse<byte[]> plainGet(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertStatus(int status, HttpResponse<byte[]> response) {
        assertEquals(status, response.statusCode(), () -> text(response));
    }

    private static void assertError(int status, String code, HttpResponse<byte[]> response) {
        assertStatus(status, response);
        assertTrue(text(response).contains("<Code>" + code + "</Code>"), text(response));
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Percent-encodes each path segment as the SDK v1 and s3cmd do (space as %20, '/' kept). */
    private static String encodePath(String key) {
        return List.of(key.split("/", -1)).stream()
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    private static String base64Md5(byte[] bytes) throws GeneralSecurityException {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static String hexMd5(byte[] bytes) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /**
     * A Signature Version 2 client written from the developer guide, as CloudStack's XenServer
     * script is: path style, the path signed as sent, the sub-resources it knows signed.
     */
    private static final class V2Client {
        private static final Set<String> SUBRESOURCES = Set.of("acl", "location", "logging", "partNumber",
                "policy", "requestPayment", "response-content-type", "response-content-disposition", "torrent",
                "uploadId", "uploads", "versionId", "versioning", "versions", "website");

        private final URI endpoint;
        private final AccessKey key;

        V2Client(URI endpoint, AccessKey key) {
            this.endpoint = endpoint;
            this.key = key;
        }

        HttpResponse<byte[]> send(String method, String rawPathAndQuery, Map<String, String> headers, byte[] body)
                throws Exception {
            return send(method, rawPathAndQuery, headers, body, false);
        }

        /** Sends a request dated by a {@code Date} header of now. */
        HttpResponse<byte[]> send(String method, String rawPathAndQuery, Map<String, String> headers, byte[] body,
                boolean expectContinue) throws Exception {
            Map<String, String> dated = new LinkedHashMap<>(headers);
            dated.put("Date", HTTP_DATE.format(Instant.now()));
            return sendSigned(method, rawPathAndQuery, dated, body, expectContinue);
        }

        /** Sends a request with the date headers given (x-amz-date, or a Date of another time). */
        HttpResponse<byte[]> sendDatedBy(Map<String, String> headers, String method, String rawPathAndQuery,
                byte[] body) throws Exception {
            return sendSigned(method, rawPathAndQuery, headers, body, false);
        }

        private HttpResponse<byte[]> sendSigned(String method, String rawPathAndQuery, Map<String, String> headers,
                byte[] body, boolean expectContinue) throws Exception {
            int question = rawPathAndQuery.indexOf('?');
            String path = question < 0 ? rawPathAndQuery : rawPathAndQuery.substring(0, question);
            String query = question < 0 ? "" : rawPathAndQuery.substring(question + 1);
            Map<String, String> lower = new TreeMap<>();
            headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value.strip()));
            StringBuilder stringToSign = new StringBuilder()
                    .append(method).append('\n')
                    .append(lower.getOrDefault("content-md5", "")).append('\n')
                    .append(lower.getOrDefault("content-type", "")).append('\n')
                    .append(lower.containsKey("x-amz-date") ? "" : lower.getOrDefault("date", "")).append('\n');
            lower.forEach((name, value) -> {
                if (name.startsWith("x-amz-")) {
                    stringToSign.append(name).append(':').append(value).append('\n');
                }
            });
            stringToSign.append(path).append(signedSubresources(query));
            String authorization = "AWS " + key.accessKeyId() + ":" + sign(stringToSign.toString());

            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + rawPathAndQuery))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body))
                    .expectContinue(expectContinue)
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", authorization);
            headers.forEach(request::header);
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        /** A presigned GET URL for a raw path, with extra (already encoded) query parameters. */
        String presign(String rawPath, String rawQuery, long expires) throws GeneralSecurityException {
            String stringToSign = "GET\n\n\n" + expires + "\n" + rawPath + signedSubresources(rawQuery);
            String authorization = "AWSAccessKeyId=" + key.accessKeyId() + "&Expires=" + expires
                    + "&Signature=" + URLEncoder.encode(sign(stringToSign), StandardCharsets.UTF_8);
            return endpoint + rawPath + "?" + (rawQuery.isEmpty() ? "" : rawQuery + "&") + authorization;
        }

        private static String signedSubresources(String rawQuery) {
            List<String> signed = new ArrayList<>();
            for (String parameter : rawQuery.split("&")) {
                String[] nameAndValue = parameter.split("=", 2);
                if (SUBRESOURCES.contains(nameAndValue[0])) {
                    signed.add(nameAndValue.length == 1 ? nameAndValue[0]
                            : nameAndValue[0] + "=" + URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
                }
            }
            signed.sort(null);
            return signed.isEmpty() ? "" : "?" + String.join("&", signed);
        }

        private String sign(String stringToSign) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.secretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
