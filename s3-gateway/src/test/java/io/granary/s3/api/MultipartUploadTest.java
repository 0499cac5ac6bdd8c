package io.granary.s3.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.testing.Fixtures;
import io.granary.s3.testing.GatewayFixture;
import io.granary.s3.testing.SignedHttp;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Multipart uploads through the real HTTP stack over in-memory storage: the AWS SDK for Java v2
 * for every operation, and raw signed requests for what no SDK sends.
 */
class MultipartUploadTest {
    private static final int MIB = 1 << 20;
    private static final int PART = 5 * MIB;

    private static GatewayFixture gateway;
    private static S3Client alice;
    private static S3Client bob;
    private static SignedHttp http;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture();
        alice = gateway.client(gateway.alice());
        bob = gateway.client(gateway.bob());
        http = gateway.http(gateway.alice());
    }

    @AfterAll
    static void stop() {
        alice.close();
        bob.close();
        gateway.close();
    }

    @Test
    void theWholeFlowByHand() throws Exception {
        String bucket = bucket();
        String key = "videos/holiday 2024.mp4";
        String uploadId = alice.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("video/mp4")
                .metadata(Map.of("camera", "x100")).storageClass(StorageClass.STANDARD_IA)).uploadId();
        assertTrue(uploadId.matches("[0-9a-f]{52}"), uploadId);

        // Three parts in parallel, the last one small.
        byte[][] parts = {Fixtures.randomBytes(PART + 1), Fixtures.randomBytes(PART + 2), Fixtures.randomBytes(1234)};
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<String> etags = new ArrayList<>();
        try {
            List<Future<String>> uploads = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                int number = i + 1;
                byte[] data = parts[i];
                uploads.add(pool.submit(() -> alice.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number), RequestBody.fromBytes(data)).eTag()));
            }
            for (int i = 0; i < parts.length; i++) {
                String etag = uploads.get(i).get();
                assertEquals("\"" + hex(md5(parts[i])) + "\"", etag);
                etags.add(etag);
            }
        } finally {
            pool.shutdownNow();
        }

        ListPartsResponse first = alice.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId).maxParts(2));
        assertEquals(List.of(1, 2), first.parts().stream().map(Part::partNumber).toList());
        assertTrue(first.isTruncated());
        assertEquals(2, first.nextPartNumberMarker());
        assertEquals(2, first.maxParts());
        assertEquals(gateway.alice().userId(), first.initiator().id());
        assertEquals("alice", first.owner().displayName());
        assertEquals(StorageClass.STANDARD_IA, first.storageClass());
        assertEquals(etags.get(0), first.parts().get(0).eTag());
        assertEquals(PART + 1, first.parts().get(0).size());
        ListPartsResponse second = alice.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId).maxParts(2)
                .partNumberMarker(first.nextPartNumberMarker()));
        assertEquals(List.of(3), second.parts().stream().map(Part::partNumber).toList());
        assertFalse(second.isTruncated());

        assertEquals(List.of(key), alice.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                .map(MultipartUpload::key).toList());

        CompleteMultipartUploadResponse completed = alice.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(completion(etags)));
        String etag = "\"" + hex(md5(concat(md5(parts[0]), md5(parts[1]), md5(parts[2])))) + "-3\"";
        assertEquals(etag, completed.eTag());
        assertEquals(bucket, completed.bucket());
        assertEquals(key, completed.key());
        assertTrue(completed.location().endsWith("/" + bucket + "/videos/holiday%202024.mp4"), completed.location());
        assertEquals(List.of(), alice.listMultipartUploads(b -> b.bucket(bucket)).uploads());

        byte[] whole = concat(parts);
        ResponseBytes<GetObjectResponse> all = alice.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        assertArrayEquals(whole, all.asByteArray());
        assertEquals(etag, all.response().eTag());
        assertEquals("video/mp4", all.response().contentType());
        assertEquals(Map.of("camera", "x100"), all.response().metadata());
        assertEquals(StorageClass.STANDARD_IA, all.response().storageClass());
        assertNull(all.response().partsCount(), "the parts count comes only with a partNumber");

        int from = PART - 10;
        int to = 2 * PART + 10;
        assertArrayEquals(Arrays.copyOfRange(whole, from, to + 1),
                alice.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + from + "-" + to)).asByteArray());

        ResponseBytes<GetObjectResponse> two = alice.getObjectAsBytes(b -> b.bucket(bucket).key(key).partNumber(2));
        assertArrayEquals(parts[1], two.asByteArray());
        assertEquals("bytes " + (PART + 1) + "-" + (2 * PART + 2) + "/" + whole.length, two.response().contentRange());
        assertEquals(3, two.response().partsCount());
        assertEquals(etag, two.response().eTag());
        HeadObjectResponse three = alice.headObject(b -> b.bucket(bucket).key(key).partNumber(3));
        assertEquals(1234L, three.contentLength());
        assertEquals(3, three.partsCount());
        assertEquals(whole.length, alice.headObject(b -> b.bucket(bucket).key(key)).contentLength());
        assertEquals(416, assertThrows(S3Exception.class,
                () -> alice.headObject(b -> b.bucket(bucket).key(key).partNumber(4))).statusCode());
        assertEquals("InvalidPartNumber", assertThrows(S3Exception.class,
                () -> alice.getObjectAsBytes(b -> b.bucket(bucket).key(key).partNumber(4))).awsErrorDetails().errorCode());

        // A completed upload is gone.
        assertThrows(NoSuchUploadException.class, () -> alice.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(completion(etags))));
        assertThrows(NoSuchUploadException.class, () -> alice.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId)));

        // Overwriting the object releases every part.
        alice.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("small"));
        alice.deleteObject(b -> b.bucket(bucket).key(key));
        alice.deleteBucket(b -> b.bucket(bucket));
    }

    @Test
    void uploadsAreListedAbortedAndReleased() {
        String bucket = bucket();
        int before = gateway.blobs().liveBlobs();
        String kept = create(bucket, "dir/a");
        String aborted = create(bucket, "dir/a");
        create(bucket, "dir/sub/b");
        create(bucket, "top");
        alice.uploadPart(b -> b.bucket(bucket).key("dir/a").uploadId(aborted).partNumber(1),
                RequestBody.fromBytes(Fixtures.randomBytes(100)));
        alice.uploadPart(b -> b.bucket(bucket).key("dir/a").uploadId(aborted).partNumber(2),
                RequestBody.fromBytes(Fixtures.randomBytes(100)));
        assertEquals(before + 2, gateway.blobs().liveBlobs());

        ListMultipartUploadsResponse all = alice.listMultipartUploads(b -> b.bucket(bucket));
        assertEquals(List.of("dir/a", "dir/a", "dir/sub/b", "top"), keys(all));
        assertEquals(List.of(kept, aborted), all.uploads().subList(0, 2).stream().map(MultipartUpload::uploadId).toList(),
                "the uploads of one key in the order they started");
        assertEquals("alice", all.uploads().get(0).initiator().displayName());

        ListMultipartUploadsResponse rolled = alice.listMultipartUploads(b -> b.bucket(bucket).prefix("dir/").delimiter("/"));
        assertEquals(List.of("dir/a", "dir/a"), keys(rolled));
        assertEquals(List.of("dir/sub/"), rolled.commonPrefixes().stream().map(p -> p.prefix()).toList());

        List<String> paged = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        while (true) {
            String k = keyMarker;
            String i = idMarker;
            ListMultipartUploadsResponse page = alice.listMultipartUploads(b -> b.bucket(bucket).maxUploads(1)
                    .keyMarker(k).uploadIdMarker(i));
            assertEquals(1, page.uploads().size());
            paged.add(page.uploads().get(0).key() + "@" + page.uploads().get(0).uploadId());
            if (!page.isTruncated()) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextUploadIdMarker();
        }
        assertEquals(all.uploads().stream().map(u -> u.key() + "@" + u.uploadId()).toList(), paged);

        alice.abortMultipartUpload(b -> b.bucket(bucket).key("dir/a").uploadId(aborted));
        assertEquals(before, gateway.blobs().liveBlobs(), "aborting released the parts");
        assertEquals(List.of(kept), alice.listMultipartUploads(b -> b.bucket(bucket).prefix("dir/a")).uploads().stream()
                .map(MultipartUpload::uploadId).toList());
        assertThrows(NoSuchUploadException.class,
                () -> alice.abortMultipartUpload(b -> b.bucket(bucket).key("dir/a").uploadId(aborted)));
        assertEquals(403, assertThrows(S3Exception.class,
                () -> bob.listMultipartUploads(b -> b.bucket(bucket))).statusCode());
        assertEquals(403, assertThrows(S3Exception.class,
                () -> bob.abortMultipartUpload(b -> b.bucket(bucket).key("dir/a").uploadId(kept))).statusCode());

        // Deleting the bucket aborts what is left, unless objects keep it.
        alice.uploadPart(b -> b.bucket(bucket).key("dir/a").uploadId(kept).partNumber(1),
                RequestBody.fromBytes(Fixtures.randomBytes(10)));
        alice.putObject(b -> b.bucket(bucket).key("object"), RequestBody.fromString("x"));
        assertEquals("BucketNotEmpty", assertThrows(S3Exception.class,
                () -> alice.deleteBucket(b -> b.bucket(bucket))).awsErrorDetails().errorCode());
        assertEquals(3, alice.listMultipartUploads(b -> b.bucket(bucket)).uploads().size(), "the uploads stay");
        alice.deleteObject(b -> b.bucket(bucket).key("object"));
        alice.deleteBucket(b -> b.bucket(bucket));
        assertEquals(before, gateway.blobs().liveBlobs());
    }

    @Test
    void completionsThatDoNotFitAreRefusedAndLeaveTheUploadOpen() {
        String bucket = bucket();
        String key = "k";
        String uploadId = create(bucket, key);
        String small = upload(bucket, key, uploadId, 1, Fixtures.randomBytes(MIB));
        String big = upload(bucket, key, uploadId, 2, Fixtures.randomBytes(PART));

        assertCode("InvalidPartOrder", 400, () -> complete(bucket, key, uploadId, part(2, big), part(1, small)));
        assertCode("InvalidPart", 400, () -> complete(bucket, key, uploadId, part(1, small), part(3, big)));
        assertCode("InvalidPart", 400, () -> complete(bucket, key, uploadId, part(1, big)));
        assertCode("EntityTooSmall", 400, () -> complete(bucket, key, uploadId, part(1, small), part(2, big)));
        assertCode("NoSuchUpload", 404, () -> complete(bucket, key, Fixtures.uploadId(), part(1, small)));
        assertCode("NoSuchUpload", 404, () -> complete(bucket, key, "not-an-upload", part(1, small)));
        assertCode("NoSuchUpload", 404, () -> complete(bucket, "other", uploadId, part(1, small)));
        assertCode("NoSuchUpload", 404, () -> alice.uploadPart(b -> b.bucket(bucket).key(key)
                .uploadId(Fixtures.uploadId()).partNumber(1), RequestBody.fromString("x")));
        for (int number : new int[] {0, 10_001, -1}) {
            assertCode("InvalidArgument", 400, () -> alice.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(number), RequestBody.fromString("x")));
        }

        // Still open: fix part 1 and complete.
        String bigger = upload(bucket, key, uploadId, 1, Fixtures.randomBytes(PART));
        complete(bucket, key, uploadId, part(1, bigger), part(2, big));
        assertEquals(2L * PART, alice.headObject(b -> b.bucket(bucket).key(key)).contentLength());
    }

    @Test
    void aSinglePutObjectIsItsOwnPartOne() {
        String bucket = bucket();
        byte[] data = Fixtures.randomBytes(10);
        alice.putObject(b -> b.bucket(bucket).key("one"), RequestBody.fromBytes(data));
        ResponseBytes<GetObjectResponse> part = alice.getObjectAsBytes(b -> b.bucket(bucket).key("one").partNumber(1));
        assertArrayEquals(data, part.asByteArray());
        assertEquals("bytes 0-9/10", part.response().contentRange());
        assertNull(part.response().partsCount());
        assertNull(alice.headObject(b -> b.bucket(bucket).key("one").partNumber(1)).partsCount());
        assertCode("InvalidPartNumber", 416, () -> alice.getObjectAsBytes(b -> b.bucket(bucket).key("one").partNumber(2)));
        assertCode("InvalidArgument", 400, () -> alice.getObjectAsBytes(b -> b.bucket(bucket).key("one").partNumber(0)));
        assertCode("InvalidRequest", 400,
                () -> alice.getObjectAsBytes(b -> b.bucket(bucket).key("one").partNumber(1).range("bytes=0-1")));
    }

    @Test
    void uploadPartCopyCopiesARangeOfAnotherObject() {
        String bucket = bucket();
        byte[] source = Fixtures.randomBytes(PART + 5000);
        alice.putObject(b -> b.bucket(bucket).key("source"), RequestBody.fromBytes(source));
        String sourceEtag = alice.headObject(b -> b.bucket(bucket).key("source")).eTag();
        String uploadId = create(bucket, "target");

        UploadPartCopyResponse first = alice.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("source")
                .destinationBucket(bucket).destinationKey("target").uploadId(uploadId).partNumber(1)
                .copySourceRange("bytes=100-" + (PART + 99)).copySourceIfMatch(sourceEtag));
        assertEquals("\"" + hex(md5(Arrays.copyOfRange(source, 100, PART + 100))) + "\"", first.copyPartResult().eTag());
        UploadPartCopyResponse second = alice.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("source")
                .destinationBucket(bucket).destinationKey("target").uploadId(uploadId).partNumber(2));
        assertEquals(sourceEtag, second.copyPartResult().eTag(), "the whole source when no range is given");

        assertCode("PreconditionFailed", 412, () -> alice.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("source")
                .destinationBucket(bucket).destinationKey("target").uploadId(uploadId).partNumber(3)
                .copySourceIfNoneMatch(sourceEtag)));
        assertCode("InvalidArgument", 400, () -> alice.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("source")
                .destinationBucket(bucket).destinationKey("target").uploadId(uploadId).partNumber(3)
                .copySourceRange("bytes=0-" + source.length)));
        assertCode("InvalidArgument", 400, () -> alice.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("source")
                .destinationBucket(bucket).destinationKey("target").uploadId(uploadId).partNumber(3)
                .copySourceRange("bytes=10-")));
        assertCode("NoSuchKey", 404, () -> alice.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("missing")
                .destinationBucket(bucket).destinationKey("target").uploadId(uploadId).partNumber(3)));

        complete(bucket, "target", uploadId, part(1, first.copyPartResult().eTag()),
                part(2, second.copyPartResult().eTag()));
        byte[] expected = concat(Arrays.copyOfRange(source, 100, PART + 100), source);
        assertArrayEquals(expected, alice.getObjectAsBytes(b -> b.bucket(bucket).key("target")).asByteArray());

        // A copy from a multipart object reads across its parts.
        String again = create(bucket, "again");
        UploadPartCopyResponse across = alice.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("target")
                .destinationBucket(bucket).destinationKey("again").uploadId(again).partNumber(1)
                .copySourceRange("bytes=" + (PART - 10) + "-" + (PART + 9)));
        assertEquals("\"" + hex(md5(Arrays.copyOfRange(expected, PART - 10, PART + 10))) + "\"",
                across.copyPartResult().eTag());
    }

    @Test
    void rawRequestsWithAndWithoutNamespaceContentMd5AndRetries() throws Exception {
        String bucket = bucket();
        String key = "raw key";
        String path = "/" + bucket + "/raw%20key";
        HttpResponse<byte[]> created = http.send("POST", path + "?uploads", Map.of("Content-Type", "text/plain"),
                new byte[0]);
        assertEquals(200, created.statusCode(), text(created));
        String body = text(created);
        assertTrue(body.contains("<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"),
                body);
        String uploadId = body.replaceAll("(?s).*<UploadId[^>]*>([^<]+)</UploadId>.*", "$1");

        byte[] one = Fixtures.randomBytes(PART);
        HttpResponse<byte[]> wrongMd5 = http.send("PUT", path + "?partNumber=1&uploadId=" + uploadId,
                Map.of("Content-MD5", Base64.getEncoder().encodeToString(md5(new byte[1]))), one);
        assertEquals(400, wrongMd5.statusCode());
        assertTrue(text(wrongMd5).contains("<Code>BadDigest</Code>"));
        HttpResponse<byte[]> put = http.send("PUT", path + "?partNumber=1&uploadId=" + uploadId,
                Map.of("Content-MD5", Base64.getEncoder().encodeToString(md5(one))), one);
        assertEquals(200, put.statusCode(), text(put));
        String etag = put.headers().firstValue("ETag").orElseThrow();
        byte[] two = "the end".getBytes(StandardCharsets.UTF_8);
        String etag2 = http.send("PUT", path + "?partNumber=2&uploadId=" + uploadId, Map.of(), two).headers()
                .firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> malformed = http.send("POST", path + "?uploadId=" + uploadId, Map.of(),
                "<CompleteMultipartUpload></CompleteMultipartUpload>".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, malformed.statusCode());
        assertTrue(text(malformed).contains("<Code>MalformedXML</Code>"));

        // No namespace, as CloudStack's XenServer plugin sends it.
        byte[] completion = ("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + etag
                + "</ETag></Part><Part><PartNumber>2</PartNumber><ETag>" + etag2
                + "</ETag></Part></CompleteMultipartUpload>").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> completed = http.send("POST", path + "?uploadId=" + uploadId, Map.of(), completion);
        assertEquals(200, completed.statusCode(), text(completed));
        assertTrue(text(completed).contains(">raw key</Key>"), text(completed));
        assertTrue(text(completed).contains(">http://127.0.0.1:"), text(completed));
        assertArrayEquals(concat(one, two), alice.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        assertEquals("text/plain", alice.headObject(b -> b.bucket(bucket).key(key)).contentType());

        // A retry after the upload is gone: NoSuchUpload, and the object is untouched.
        HttpResponse<byte[]> retried = http.send("POST", path + "?uploadId=" + uploadId, Map.of(), completion);
        assertEquals(404, retried.statusCode());
        assertTrue(text(retried).contains("<Code>NoSuchUpload</Code>"));
        assertArrayEquals(concat(one, two), alice.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());

        // With S3's namespace, and ETags given without quotes.
        String second = text(http.send("POST", path + "?uploads", Map.of(), new byte[0]))
                .replaceAll("(?s).*<UploadId[^>]*>([^<]+)</UploadId>.*", "$1");
        String bare = http.send("PUT", path + "?partNumber=1&uploadId=" + second, Map.of(), two).headers()
                .firstValue("ETag").orElseThrow().replace("\"", "");
        HttpResponse<byte[]> namespaced = http.send("POST", path + "?uploadId=" + second, Map.of(),
                ("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Part><ETag>" + bare
                        + "</ETag><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, namespaced.statusCode(), text(namespaced));
        assertArrayEquals(two, alice.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());

        HttpResponse<byte[]> listed = http.send("GET", "/" + bucket + "?uploads", Map.of(), new byte[0]);
        assertTrue(text(listed).contains("<ListMultipartUploadsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"),
                text(listed));
        assertEquals(400, http.send("GET", path + "?uploadId=" + second + "&max-parts=x", Map.of(), new byte[0])
                .statusCode());
    }

    private static String bucket() {
        String bucket = Fixtures.uniqueBucketName().value();
        alice.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static String create(String bucket, String key) {
        return alice.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    }

    private static String upload(String bucket, String key, String uploadId, int number, byte[] data) {
        return alice.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(data)).eTag();
    }

    private static CompletedPart part(int number, String etag) {
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private static void complete(String bucket, String key, String uploadId, CompletedPart... parts) {
        alice.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    }

    private static Consumer<CompletedMultipartUpload.Builder> completion(List<String> etags) {
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < etags.size(); i++) {
            parts.add(part(i + 1, etags.get(i)));
        }
        return b -> b.parts(parts);
    }

    private static List<String> keys(ListMultipartUploadsResponse response) {
        return response.uploads().stream().map(MultipartUpload::key).toList();
    }

    private static void assertCode(String code, int status, Runnable action) {
        S3Exception e = assertThrows(S3Exception.class, action::run);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void partChecksumsAreVerifiedListedAndMadeIntoACompositeChecksum() throws Exception {
        String bucket = Fixtures.uniqueBucketName().value();
        alice.createBucket(b -> b.bucket(bucket));
        String uploadId = alice.createMultipartUpload(b -> b.bucket(bucket).key("sums")
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        byte[] first = Fixtures.randomBytes(PART);
        byte[] second = Fixtures.randomBytes(1000);
        List<CompletedPart> parts = new ArrayList<>();
        int number = 1;
        for (byte[] data : List.of(first, second)) {
            int partNumber = number++;
            UploadPartResponse part = alice.uploadPart(b -> b.bucket(bucket).key("sums").uploadId(uploadId)
                    .partNumber(partNumber).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
            assertEquals(sha256(data), part.checksumSHA256());
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(part.eTag())
                    .checksumSHA256(part.checksumSHA256()).build());
        }
        ListPartsResponse listed = alice.listParts(b -> b.bucket(bucket).key("sums").uploadId(uploadId));
        assertEquals("SHA256", listed.checksumAlgorithmAsString());
        assertEquals(List.of(sha256(first), sha256(second)), listed.parts().stream().map(Part::checksumSHA256).toList());

        // A part checksum that is not the stored one fails the completion and leaves the upload usable.
        CompletedPart tampered = parts.get(1).toBuilder().checksumSHA256(sha256(first)).build();
        S3Exception refused = assertThrows(S3Exception.class, () -> alice.completeMultipartUpload(b -> b.bucket(bucket)
                .key("sums").uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts.get(0), tampered).build())));
        assertEquals("InvalidPart", refused.awsErrorDetails().errorCode());

        CompleteMultipartUploadResponse completed = alice.completeMultipartUpload(b -> b.bucket(bucket).key("sums")
                .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        digests.write(Base64.getDecoder().decode(sha256(first)));
        digests.write(Base64.getDecoder().decode(sha256(second)));
        String composite = sha256(digests.toByteArray()) + "-2";
        assertEquals(composite, completed.checksumSHA256());
        assertEquals("COMPOSITE", completed.checksumTypeAsString());
        HeadObjectResponse head = alice.headObject(b -> b.bucket(bucket).key("sums")
                .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED));
        assertEquals(composite, head.checksumSHA256());
        byte[] whole = alice.getObjectAsBytes(b -> b.bucket(bucket).key("sums")
                .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED)).asByteArray();
        assertEquals(first.length + second.length, whole.length);
        assertArrayEquals(Arrays.copyOfRange(whole, first.length, whole.length), second);
    }

    @Test
    void aPartMayNotDeclareAnotherAlgorithmThanItsUploadOrAWrongValue() throws Exception {
        String bucket = Fixtures.uniqueBucketName().value();
        alice.createBucket(b -> b.bucket(bucket));
        String uploadId = alice.createMultipartUpload(b -> b.bucket(bucket).key("k")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        S3Exception other = assertThrows(S3Exception.class, () -> alice.uploadPart(b -> b.bucket(bucket).key("k")
                .uploadId(uploadId).partNumber(1).checksumAlgorithm(ChecksumAlgorithm.SHA1),
                RequestBody.fromBytes(new byte[10])));
        assertEquals(400, other.statusCode());
        byte[] data = "part bytes".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> wrong = http.send("PUT", "/" + bucket + "/k?partNumber=1&uploadId=" + uploadId,
                Map.of("x-amz-checksum-crc32", "AAAAAA=="), data);
        assertEquals(400, wrong.statusCode());
        assertTrue(new String(wrong.body(), StandardCharsets.UTF_8).contains("<Code>BadDigest</Code>"));
        assertTrue(alice.listParts(b -> b.bucket(bucket).key("k").uploadId(uploadId)).parts().isEmpty());
    }

    private static String sha256(byte[] data) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
    }

}
