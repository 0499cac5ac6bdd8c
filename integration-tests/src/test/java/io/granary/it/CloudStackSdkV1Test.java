package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import com.amazonaws.services.s3.model.ListObjectsRequest;
import com.amazonaws.services.s3.model.ObjectListing;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.S3Object;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.amazonaws.services.s3.model.StorageClass;
import com.amazonaws.services.s3.transfer.TransferManager;
import com.amazonaws.services.s3.transfer.TransferManagerBuilder;
import com.amazonaws.services.s3.transfer.model.UploadResult;
import io.granary.core.auth.AccessKey;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache CloudStack's S3 image store, reproduced: the AWS SDK for Java v1 as {@code S3Utils}
 * configures it (explicit endpoint, {@code S3SignerType} or {@code AWSS3V4SignerType}, path style)
 * through a {@code TransferManager}, its presigned template URLs, its directory listing and
 * deletion, and {@code S3TemplateDownloader}'s streamed uploads; and the XenServer snapshot
 * script's hand-written SigV2 client ({@code s3xenserver}).
 */
class CloudStackSdkV1Test {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    /** A template: large enough for the TransferManager's multipart uploads and parallel downloads. */
    private static final long TEMPLATE_SIZE = 200L << 20;

    @TempDir
    static Path shared;
    private static Path template;

    @TempDir
    Path work;

    @BeforeAll
    static void writeTemplate() throws Exception {
        template = Cli.randomFile(shared, "template.vhd", TEMPLATE_SIZE, 42);
    }

    /** A request as sent (signed), seen by the SDK once its response came back. */
    private record Sent(String method, Map<String, List<String>> parameters, Map<String, String> headers) {
        boolean has(String parameter) {
            return parameters.containsKey(parameter);
        }
    }

    /** Records every request the client sends, with the headers its signer added. */
    private static final class Recorder extends RequestHandler2 {
        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public void afterResponse(Request<?> request, Response<?> response) {
            sent.add(new Sent(request.getHttpMethod().name(), Map.copyOf(request.getParameters()),
                    Map.copyOf(request.getHeaders())));
        }

        void clear() {
            sent.clear();
        }
    }

    private static AmazonS3 client(String signer) {
        return client(signer, new Recorder());
    }

    /** As {@code S3Utils.acquireClient}: an explicit endpoint, the signer override, path style. */
    private static AmazonS3 client(String signer, Recorder recorder) {
        AccessKey key = SharedCloud.key();
        ClientConfiguration configuration = new ClientConfiguration()
                .withSignerOverride(signer)
                .withMaxErrorRetry(0)
                .withConnectionTimeout(10_000)
                .withSocketTimeout(120_000);
        return AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(
                        SharedCloud.endpoint().toString(), "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withClientConfiguration(configuration)
                .withRequestHandlers(recorder)
                .withCredentials(new AWSStaticCredentialsProvider(
                        new BasicAWSCredentials(key.accessKeyId(), key.secretKey())))
                .build();
    }

    private static String newBucket(AmazonS3 s3, String signer) {
        String bucket = "cloudstack-" + signer.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(bucket);
        return bucket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"S3SignerType", "AWSS3V4SignerType"})
    void templateUploadDownloadAndPresignedUrl(String signer) throws Exception {
        Recorder recorder = new Recorder();
        AmazonS3 s3 = client(signer, recorder);
        TransferManager transfers = TransferManagerBuilder.standard().withS3Client(s3)
                .withShutDownThreadPools(true).build();
        try {
            String bucket = newBucket(s3, signer);
            String key = "template/tmpl/2/201/" + UUID.randomUUID() + ".vhd";

            // putFile with S3EnableRRS: a multipart upload (200 MiB is over the 16 MB threshold).
            recorder.clear();
            PutObjectRequest put = new PutObjectRequest(bucket, key, template.toFile())
                    .withStorageClass(StorageClass.ReducedRedundancy);
            UploadResult uploaded = transfers.upload(put).waitForUploadResult();
            assertTrue(uploaded.getETag().contains("-"), "expected a multipart ETag: " + uploaded.getETag());
            List<Sent> parts = recorder.sent.stream().filter(sent -> sent.has("partNumber")).toList();
            assertTrue(recorder.sent.stream().anyMatch(sent -> sent.method().equals("POST") && sent.has("uploads")));
            assertTrue(parts.size() > 1, "expected parts, sent " + recorder.sent);
            for (Sent part : parts) {
                String authorization = part.headers().get("Authorization");
                if (signer.equals("S3SignerType")) {
                    assertTrue(authorization.startsWith("AWS "), authorization);
                } else {
                    assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 "), authorization);
                    assertEquals("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", part.headers().get("x-amz-content-sha256"));
                }
            }

            ObjectMetadata head = s3.getObjectMetadata(bucket, key);
            assertEquals(TEMPLATE_SIZE, head.getContentLength());
            assertEquals(StorageClass.ReducedRedundancy.toString(), head.getStorageClass());

            // getFile: HEAD, HEAD ?partNumber=1, then parallel GET ?partNumber=N.
            Path downloaded = work.resolve("downloaded.vhd");
            recorder.clear();
            transfers.download(bucket, key, downloaded.toFile()).waitForCompletion();
            assertTrue(recorder.sent.stream().anyMatch(sent -> sent.method().equals("HEAD")
                    && List.of("1").equals(sent.parameters().get("partNumber"))), "sent " + recorder.sent);
            assertEquals(parts.size(), recorder.sent.stream()
                    .filter(sent -> sent.method().equals("GET") && sent.has("partNumber")).count(),
                    "expected one GET ?partNumber=N per part, sent " + recorder.sent);
            assertEquals(-1, Files.mismatch(template, downloaded), "TransferManager download differs");
            Files.delete(downloaded);

            // The template's extract URL: a presigned GET, fetched by a plain HTTP client.
            Date expiration = Date.from(Instant.now().plus(Duration.ofSeconds(14_400)));
            URL url = s3.generatePresignedUrl(bucket, key, expiration, HttpMethod.GET);
            Path fetched = work.resolve("fetched.vhd");
            HttpResponse<Path> response = HTTP.send(HttpRequest.newBuilder(url.toURI()).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(fetched));
            assertEquals(200, response.statusCode(), () -> url + " answered " + response.statusCode());
            assertEquals(-1, Files.mismatch(template, fetched), "presigned GET differs");
            Files.delete(fetched);

            s3.deleteObject(bucket, key);
            assertFalse(s3.doesObjectExist(bucket, key));
            s3.deleteBucket(bucket);
        } finally {
            transfers.shutdownNow(true);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"S3SignerType", "AWSS3V4SignerType"})
    void listDirectoryPagesByNextMarkerThenDeleteDirectoryDeletesEachKey(String signer) {
        AmazonS3 s3 = client(signer);
        try {
            String bucket = newBucket(s3, signer);
            String directory = "snapshots/2/37";
            TreeSet<String> expected = new TreeSet<>();
            for (int i = 0; i < 30; i++) {
                String key = directory + "/" + String.format("%02d", i) + (i % 3 == 0 ? "/nested.vhd" : ".ovf");
                s3.putObject(bucket, key, "content of " + key);
                expected.add(key);
            }
            s3.putObject(bucket, "snapshots/2/370/outside", "not in the directory");

            // S3Utils.listDirectory: ListObjects v1 with the prefix, paged by NextMarker.
            List<String> listed = new ArrayList<>();
            ObjectListing listing = s3.listObjects(new ListObjectsRequest().withBucketName(bucket)
                    .withPrefix(directory + "/").withMaxKeys(7));
            int pages = 1;
            listing.getObjectSummaries().forEach(summary -> listed.add(summary.getKey()));
            while (listing.isTruncated()) {
                assertNotNull(listing.getNextMarker(), "a truncated v1 listing must carry NextMarker");
                assertEquals(7, listing.getObjectSummaries().size());
                listing = s3.listNextBatchOfObjects(listing);
                pages++;
                listing.getObjectSummaries().forEach(summary -> listed.add(summary.getKey()));
            }
            assertEquals(5, pages);
            assertEquals(new ArrayList<>(expected), listed);

            // S3Utils.deleteDirectory: one DELETE per listed key, no multi-delete.
            for (String key : listed) {
                s3.deleteObject(bucket, key);
            }
            assertTrue(s3.listObjects(bucket, directory + "/").getObjectSummaries().isEmpty());
            List<String> left = s3.listObjects(bucket).getObjectSummaries().stream()
                    .map(S3ObjectSummary::getKey).toList();
            assertEquals(List.of("snapshots/2/370/outside"), left);
            s3.deleteObject(bucket, "snapshots/2/370/outside");
            s3.deleteBucket(bucket);
        } finally {
            s3.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"S3SignerType", "AWSS3V4SignerType"})
    void templateDownloaderStreamsAnHttpBodyIntoAPutObjectRequest(String signer) throws Exception {
        AmazonS3 s3 = client(signer);
        TransferManager transfers = TransferManagerBuilder.standard().withS3Client(s3)
                .withShutDownThreadPools(true).build();
        try {
            String bucket = newBucket(s3, signer);
            // One below the TransferManager's multipart threshold, one above it.
            for (long size : new long[] {3L * (1 << 20) + 17, 20L * (1 << 20) + 5}) {
                String key = "template/tmpl/1/5/streamed-" + size + ".qcow2";
                byte[] data = bytes(size, size);
                ObjectMetadata metadata = new ObjectMetadata();
                metadata.setContentLength(size);
                metadata.setContentType("application/octet-stream");
                try (InputStream body = new java.io.BufferedInputStream(
                        new java.io.ByteArrayInputStream(data), 1 << 16)) {
                    transfers.upload(new PutObjectRequest(bucket, key, body, metadata)).waitForUploadResult();
                }

                // getObjectStream: a GET read to the end.
                try (S3Object object = s3.getObject(bucket, key); InputStream in = object.getObjectContent()) {
                    assertEquals(size, object.getObjectMetadata().getContentLength());
                    assertEquals("application/octet-stream", object.getObjectMetadata().getContentType());
                    assertArrayEquals(md5(data), MessageDigest.getInstance("MD5").digest(in.readAllBytes()),
                            "size " + size);
                }
                s3.deleteObject(bucket, key);
            }
            s3.deleteBucket(bucket);
        } finally {
            transfers.shutdownNow(true);
        }
    }

    /** The XenServer snapshot script: SigV2 by hand, path style, Expect: 100-continue, raw multipart. */
    @Test
    void xenServerScriptPutsGetsAndUploadsInRawParts() throws Exception {
        V2Client xen = new V2Client(SharedCloud.endpoint(), SharedCloud.key());
        String bucket = "xenserver-" + UUID.randomUUID().toString().substring(0, 8);
        assertStatus(200, xen.send("PUT", "/" + bucket, Map.of(), new byte[0], false));

        // A single PUT with Content-MD5.
        byte[] small = bytes(1_234_567, 7);
        String smallPath = "/" + bucket + "/snapshots/2/5/" + UUID.randomUUID() + ".vhd";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/octet-stream");
        headers.put("Content-MD5", Base64.getEncoder().encodeToString(md5(small)));
        HttpResponse<byte[]> put = xen.send("PUT", smallPath, headers, small, true);
        assertStatus(200, put);
        assertEquals("\"" + HexFormat.of().formatHex(md5(small)) + "\"", put.headers().firstValue("ETag").orElseThrow());
        HttpResponse<byte[]> get = xen.send("GET", smallPath, Map.of(), null, false);
        assertStatus(200, get);
        assertArrayEquals(small, get.body());

        // Raw multipart: 5 MiB chunks, a completion without S3's namespace.
        int chunk = 5 << 20;
        byte[] large = bytes(2L * chunk + 333_333, 8);
        String key = "snapshots/2/5/" + UUID.randomUUID() + " multipart.vhd";
        String path = "/" + bucket + "/" + encodePath(key);
        HttpResponse<byte[]> initiated = xen.send("POST", path + "?uploads", Map.of(), new byte[0], false);
        assertStatus(200, initiated);
        String uploadId = element(text(initiated), "UploadId");
        StringBuilder complete = new StringBuilder("<CompleteMultipartUpload>");
        int parts = 0;
        for (int offset = 0; offset < large.length; offset += chunk) {
            parts++;
            byte[] part = java.util.Arrays.copyOfRange(large, offset, Math.min(large.length, offset + chunk));
            HttpResponse<byte[]> uploaded = xen.send("PUT", path + "?partNumber=" + parts + "&uploadId="
                    + URLEncoder.encode(uploadId, StandardCharsets.UTF_8), Map.of(), part, true);
            assertStatus(200, uploaded);
            String etag = uploaded.headers().firstValue("ETag").orElseThrow();
            assertEquals("\"" + HexFormat.of().formatHex(md5(part)) + "\"", etag);
            complete.append("<Part><PartNumber>").append(parts).append("</PartNumber><ETag>").append(etag)
                    .append("</ETag></Part>");
        }
        complete.append("</CompleteMultipartUpload>");
        HttpResponse<byte[]> completed = xen.send("POST", path + "?uploadId="
                + URLEncoder.encode(uploadId, StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml"),
                complete.toString().getBytes(StandardCharsets.UTF_8), false);
        assertStatus(200, completed);
        assertTrue(text(completed).contains("<ETag>"), text(completed));
        assertTrue(element(text(completed), "ETag").endsWith("-3\""), text(completed));

        HttpResponse<byte[]> whole = xen.send("GET", path, Map.of(), null, false);
        assertStatus(200, whole);
        assertArrayEquals(large, whole.body());

        assertStatus(204, xen.send("DELETE", path, Map.of(), null, false));
        assertStatus(204, xen.send("DELETE", smallPath, Map.of(), null, false));
        assertStatus(404, xen.send("GET", path, Map.of(), null, false));
        assertStatus(204, xen.send("DELETE", "/" + bucket, Map.of(), null, false));
    }

    private static byte[] bytes(long size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] data = new byte[Math.toIntExact(size)];
        random.nextBytes(data);
        return data;
    }

    private static byte[] md5(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("MD5").digest(data);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String element(String xml, String name) {
        Matcher matcher = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        assertTrue(matcher.find(), () -> "no " + name + " in " + xml);
        return matcher.group(1).replace("&quot;", "\"").replace("&#34;", "\"");
    }

    private static void assertStatus(int expected, HttpResponse<byte[]> response) {
        assertEquals(expected, response.statusCode(), () -> response.request().method() + " " + response.uri()
                + ": " + text(response));
    }

    private static String encodePath(String key) {
        return List.of(key.split("/", -1)).stream()
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    /** Signature Version 2 in the Authorization header, as {@code s3xenserver} computes it. */
    private static final class V2Client {
        private static final DateTimeFormatter HTTP_DATE =
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
        private static final List<String> SUBRESOURCES = List.of("acl", "location", "logging", "partNumber",
                "policy", "requestPayment", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions",
                "website");

        private final URI endpoint;
        private final AccessKey key;

        V2Client(URI endpoint, AccessKey key) {
            this.endpoint = endpoint;
            this.key = key;
        }

        HttpResponse<byte[]> send(String method, String rawPathAndQuery, Map<String, String> headers, byte[] body,
                boolean expectContinue) throws Exception {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put("Date", HTTP_DATE.format(Instant.now()));
            int question = rawPathAndQuery.indexOf('?');
            String path = question < 0 ? rawPathAndQuery : rawPathAndQuery.substring(0, question);
            String query = question < 0 ? "" : rawPathAndQuery.substring(question + 1);
            Map<String, String> lower = new TreeMap<>();
            all.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value.strip()));
            StringBuilder stringToSign = new StringBuilder()
                    .append(method).append('\n')
                    .append(lower.getOrDefault("content-md5", "")).append('\n')
                    .append(lower.getOrDefault("content-type", "")).append('\n')
                    .append(lower.get("date")).append('\n');
            lower.forEach((name, value) -> {
                if (name.startsWith("x-amz-")) {
                    stringToSign.append(name).append(':').append(value).append('\n');
                }
            });
            stringToSign.append(path).append(signedSubresources(query));
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.secretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String signature = Base64.getEncoder().encodeToString(
                    mac.doFinal(stringToSign.toString().getBytes(StandardCharsets.UTF_8)));

            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + rawPathAndQuery))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body))
                    .expectContinue(expectContinue)
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", "AWS " + key.accessKeyId() + ":" + signature);
            all.forEach(request::header);
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        private static String signedSubresources(String rawQuery) {
            List<String> signed = java.util.Arrays.stream(rawQuery.split("&"))
                    .filter(parameter -> SUBRESOURCES.contains(parameter.split("=", 2)[0]))
                    .map(parameter -> {
                        String[] nameAndValue = parameter.split("=", 2);
                        return nameAndValue.length == 1 ? nameAndValue[0] : nameAndValue[0] + "="
                                + java.net.URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8);
                    })
                    .sorted()
                    .toList();
            return signed.isEmpty() ? "" : "?" + String.join("&", signed);
        }
    }
}
