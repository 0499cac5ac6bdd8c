package io.granary.s3.api;

import static io.granary.s3.api.BadInputTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.testing.Fixtures;
import io.granary.s3.testing.GatewayFixture;
import io.granary.s3.testing.SignedHttp;
import io.granary.s3.xml.S3Xml;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** CopyObject through the AWS SDK v2 and raw signed requests, over in-memory storage. */
class CopyObjectTest {
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
    void copiesWithinAndAcrossBucketsKeepingBytesEtagAndMetadata() {
        String from = newBucket();
        String to = newBucket();
        for (int size : new int[] {0, 1, 70_000, (1 << 20) + 3}) {
            byte[] data = Fixtures.randomBytes(size);
            String key = "source/" + size;
            String etag = alice.putObject(b -> b.bucket(from).key(key).contentType("text/x-test").cacheControl("max-age=5")
                    .contentDisposition("inline").contentLanguage("fr").contentEncoding("identity")
                    .metadata(Map.of("color", "blue", "shape", "round")), RequestBody.fromBytes(data)).eTag();

            CopyObjectResponse within = alice.copyObject(b -> b.sourceBucket(from).sourceKey(key)
                    .destinationBucket(from).destinationKey("copy/" + size));
            assertEquals(etag, within.copyObjectResult().eTag(), "a copy has the bytes, hence the MD5, of its source");
            assertTrue(within.copyObjectResult().lastModified() != null);
            CopyObjectResponse across = alice.copyObject(b -> b.sourceBucket(from).sourceKey(key)
                    .destinationBucket(to).destinationKey("elsewhere/" + size));
            assertEquals(etag, across.copyObjectResult().eTag());

            for (String[] copy : new String[][] {{from, "copy/" + size}, {to, "elsewhere/" + size}}) {
                ResponseBytes<GetObjectResponse> got = alice.getObjectAsBytes(b -> b.bucket(copy[0]).key(copy[1]));
                assertArrayEquals(data, got.asByteArray());
                assertEquals(etag, got.response().eTag());
                assertEquals("text/x-test", got.response().contentType());
                assertEquals("max-age=5", got.response().cacheControl());
                assertEquals("inline", got.response().contentDisposition());
                assertEquals("fr", got.response().contentLanguage());
                assertEquals("identity", got.response().contentEncoding());
                assertEquals(Map.of("color", "blue", "shape", "round"), got.response().metadata());
            }
        }
    }

    @Test
    void replaceTakesHeadersMetadataAndStorageClassFromTheRequest() {
        String bucket = newBucket();
        alice.putObject(b -> b.bucket(bucket).key("src").contentType("text/plain").metadata(Map.of("old", "1"))
                .storageClass(StorageClass.REDUCED_REDUNDANCY), RequestBody.fromString("payload"));

        alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("replaced")
                .metadataDirective(MetadataDirective.REPLACE).contentType("application/json")
                .metadata(Map.of("new", "2")));
        HeadObjectResponse replaced = alice.headObject(b -> b.bucket(bucket).key("replaced"));
        assertEquals("application/json", replaced.contentType());
        assertEquals(Map.of("new", "2"), replaced.metadata());
        assertNull(replaced.storageClass(), "REPLACE without a storage class: STANDARD, not reported");

        // COPY ignores the request's metadata and keeps the source's, storage class included.
        alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("copied")
                .metadataDirective(MetadataDirective.COPY).contentType("application/json")
                .metadata(Map.of("new", "2")));
        HeadObjectResponse copied = alice.headObject(b -> b.bucket(bucket).key("copied"));
        assertEquals("text/plain", copied.contentType());
        assertEquals(Map.of("old", "1"), copied.metadata());
        assertEquals(StorageClass.REDUCED_REDUNDANCY, copied.storageClass());

        // An explicit storage class wins over the source's.
        alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("classed")
                .storageClass(StorageClass.STANDARD_IA));
        assertEquals(StorageClass.STANDARD_IA, alice.headObject(b -> b.bucket(bucket).key("classed")).storageClass());
        assertEquals("payload", alice.getObjectAsBytes(b -> b.bucket(bucket).key("classed")).asUtf8String());
    }

    @Test
    void copyingOntoItselfMustChangeSomething() throws Exception {
        String bucket = newBucket();
        String etag = alice.putObject(b -> b.bucket(bucket).key("self").metadata(Map.of("v", "1")),
                RequestBody.fromString("same")).eTag();

        S3Exception unchanged = assertThrows(S3Exception.class, () -> alice.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("self").destinationBucket(bucket).destinationKey("self")));
        assertEquals(400, unchanged.statusCode());
        assertEquals("InvalidRequest", unchanged.awsErrorDetails().errorCode());
        assertTrue(unchanged.awsErrorDetails().errorMessage().contains("copy an object to itself"));
        assertEquals("InvalidRequest", assertThrows(S3Exception.class, () -> alice.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("self").destinationBucket(bucket).destinationKey("self").storageClass(StorageClass.STANDARD)))
                .awsErrorDetails().errorCode(), "naming the storage class it already has changes nothing");

        alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("self").destinationBucket(bucket).destinationKey("self")
                .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("v", "2")));
        HeadObjectResponse replaced = alice.headObject(b -> b.bucket(bucket).key("self"));
        assertEquals(Map.of("v", "2"), replaced.metadata());
        assertEquals(etag, replaced.eTag());

        alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("self").destinationBucket(bucket).destinationKey("self")
                .storageClass(StorageClass.GLACIER_IR));
        HeadObjectResponse reclassed = alice.headObject(b -> b.bucket(bucket).key("self"));
        assertEquals(StorageClass.GLACIER_IR, reclassed.storageClass());
        assertEquals(Map.of("v", "2"), reclassed.metadata());
        assertEquals("same", alice.getObjectAsBytes(b -> b.bucket(bucket).key("self")).asUtf8String());
    }

    @Test
    void conditionalCopiesFailWith412() {
        String bucket = newBucket();
        String etag = alice.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromString("conditional")).eTag();
        Instant past = Instant.now().minusSeconds(3600);
        Instant future = Instant.now().plusSeconds(3600);

        // What S3A sends on a rename with change detection: the source's ETag.
        assertEquals(etag, alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("if-match").copySourceIfMatch(etag)).copyObjectResult().eTag());
        assertPreconditionFailed(() -> alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("if-match-stale").copySourceIfMatch("\"0123456789abcdef0123456789abcdef\"")));
        assertPreconditionFailed(() -> alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("if-none-match").copySourceIfNoneMatch(etag)));
        assertPreconditionFailed(() -> alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("if-modified").copySourceIfModifiedSince(future)));
        assertPreconditionFailed(() -> alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("if-unmodified").copySourceIfUnmodifiedSince(past)));
        alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("all-hold").copySourceIfNoneMatch("\"other\"").copySourceIfModifiedSince(past)
                .copySourceIfUnmodifiedSince(future));
        // As on S3: If-Match holding wins over If-Unmodified-Since failing.
        alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("match-wins").copySourceIfMatch(etag).copySourceIfUnmodifiedSince(past));

        for (String failed : new String[] {"if-match-stale", "if-none-match", "if-modified", "if-unmodified"}) {
            assertThrows(NoSuchKeyException.class, () -> alice.headObject(b -> b.bucket(bucket).key(failed)), failed);
        }
        assertEquals("conditional", alice.getObjectAsBytes(b -> b.bucket(bucket).key("match-wins")).asUtf8String());
    }

    @Test
    void copySourceHeaderForms() throws Exception {
        String bucket = newBucket();
        String key = "dir/a b+c%日本";
        alice.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("encoded"));
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
        String versionId = "null";
        for (String source : new String[] {"/" + bucket + "/" + encoded, bucket + "/" + encoded,
            bucket + "/" + encoded + "?versionId=" + versionId}) {
            HttpResponse<byte[]> response = http.send("PUT", "/" + bucket + "/copied", Map.of("x-amz-copy-source", source),
                    new byte[0]);
            assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
            Document result = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(response.body()));
            assertEquals("CopyObjectResult", result.getDocumentElement().getTagName());
            assertEquals(S3Xml.NAMESPACE, result.getDocumentElement().getAttribute("xmlns"));
            assertTrue(result.getElementsByTagName("ETag").item(0).getTextContent().startsWith("\""));
            assertTrue(result.getElementsByTagName("LastModified").item(0).getTextContent().endsWith("Z"));
            assertEquals("encoded", alice.getObjectAsBytes(b -> b.bucket(bucket).key("copied")).asUtf8String());
        }
        for (String bad : new String[] {bucket, "/" + bucket + "/", "/" + bucket, "/" + bucket + "/%zz"}) {
            assertError(http.send("PUT", "/" + bucket + "/bad", Map.of("x-amz-copy-source", bad), new byte[0]),
                    400, "InvalidArgument");
        }
        assertError(http.send("PUT", "/" + bucket + "/bad", Map.of("x-amz-copy-source", bucket + "/missing"),
                new byte[0]), 404, "NoSuchKey");
        assertError(http.send("PUT", "/" + bucket + "/bad", Map.of("x-amz-copy-source", "no-such-bucket-x/k"),
                new byte[0]), 404, "NoSuchBucket");
        assertError(http.send("PUT", "/" + bucket + "/bad", Map.of("x-amz-copy-source",
                bucket + "/" + encoded + "?versionId=0123456789abcdef0123456789abcdef0123"), new byte[0]), 404, "NoSuchVersion");
        assertError(http.send("PUT", "/" + bucket + "/bad", Map.of("x-amz-copy-source", bucket + "/" + encoded,
                "x-amz-metadata-directive", "MERGE"), new byte[0]), 400, "InvalidArgument");
        assertError(http.send("PUT", "/" + bucket + "/bad", Map.of("x-amz-copy-source", bucket + "/" + encoded,
                "x-amz-storage-class", "PLATINUM"), new byte[0]), 400, "InvalidStorageClass");
        assertThrows(NoSuchKeyException.class, () -> alice.headObject(b -> b.bucket(bucket).key("bad")));
    }

    @Test
    void theCallerMustOwnBothBuckets() {
        String mine = newBucket();
        String bobs = Fixtures.uniqueBucketName().value();
        bob.createBucket(b -> b.bucket(bobs));
        bob.putObject(b -> b.bucket(bobs).key("secret"), RequestBody.fromString("bob's"));
        alice.putObject(b -> b.bucket(mine).key("mine"), RequestBody.fromString("alice's"));

        S3Exception readOthers = assertThrows(S3Exception.class, () -> alice.copyObject(b -> b.sourceBucket(bobs)
                .sourceKey("secret").destinationBucket(mine).destinationKey("stolen")));
        assertEquals("AccessDenied", readOthers.awsErrorDetails().errorCode());
        S3Exception writeOthers = assertThrows(S3Exception.class, () -> alice.copyObject(b -> b.sourceBucket(mine)
                .sourceKey("mine").destinationBucket(bobs).destinationKey("planted")));
        assertEquals("AccessDenied", writeOthers.awsErrorDetails().errorCode());
        assertThrows(NoSuchKeyException.class, () -> alice.headObject(b -> b.bucket(mine).key("stolen")));
        assertThrows(NoSuchKeyException.class, () -> bob.headObject(b -> b.bucket(bobs).key("planted")));
    }

    @Test
    void storageClassIsAcceptedAndReportedByHeadGetAndListings() {
        String bucket = newBucket();
        alice.putObject(b -> b.bucket(bucket).key("rrs").storageClass(StorageClass.REDUCED_REDUNDANCY),
                RequestBody.fromString("x"));
        alice.putObject(b -> b.bucket(bucket).key("std"), RequestBody.fromString("y"));
        assertEquals(StorageClass.REDUCED_REDUNDANCY, alice.headObject(b -> b.bucket(bucket).key("rrs")).storageClass());
        assertEquals(StorageClass.REDUCED_REDUNDANCY,
                alice.getObjectAsBytes(b -> b.bucket(bucket).key("rrs")).response().storageClass());
        assertNull(alice.headObject(b -> b.bucket(bucket).key("std")).storageClass(), "S3 leaves STANDARD out");
        Map<String, String> listed = new java.util.TreeMap<>();
        alice.listObjectsV2(b -> b.bucket(bucket)).contents().forEach(o -> listed.put(o.key(), o.storageClassAsString()));
        assertEquals(Map.of("rrs", "REDUCED_REDUNDANCY", "std", "STANDARD"), listed);
        Map<String, String> listedV1 = new java.util.TreeMap<>();
        alice.listObjects(b -> b.bucket(bucket)).contents().forEach(o -> listedV1.put(o.key(), o.storageClassAsString()));
        assertEquals(listed, listedV1);
    }

    private static void assertPreconditionFailed(org.junit.jupiter.api.function.Executable copy) {
        S3Exception e = assertThrows(S3Exception.class, copy);
        assertEquals(412, e.statusCode());
        assertEquals("PreconditionFailed", e.awsErrorDetails().errorCode());
    }

    private static String newBucket() {
        String bucket = Fixtures.uniqueBucketName().value();
        alice.createBucket(b -> b.bucket(bucket));
        return bucket;
    }
}
