package io.granary.s3.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.testing.Fixtures;
import io.granary.s3.testing.GatewayFixture;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The AWS SDK for Java v2 against the gateway over in-memory storage: every operation of the foundation. */
class SdkClientTest {
    private static GatewayFixture gateway;
    private static S3Client alice;
    private static S3Client bob;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture();
        alice = gateway.client(gateway.alice());
        bob = gateway.client(gateway.bob());
    }

    @AfterAll
    static void stop() {
        alice.close();
        bob.close();
        gateway.close();
    }

    @Test
    void bucketLifecycle() {
        String bucket = Fixtures.uniqueBucketName().value();
        String requestId = alice.createBucket(b -> b.bucket(bucket)).responseMetadata().requestId();
        assertTrue(requestId.matches("[0-9A-F]{16}"), "x-amz-request-id on a success: " + requestId);
        assertTrue(alice.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)));
        assertFalse(bob.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)));
        alice.headBucket(b -> b.bucket(bucket));
        assertEquals("", alice.getBucketLocation(b -> b.bucket(bucket)).locationConstraintAsString());
        assertThrows(BucketAlreadyOwnedByYouException.class, () -> alice.createBucket(b -> b.bucket(bucket)));
        S3Exception taken = assertThrows(S3Exception.class, () -> bob.createBucket(b -> b.bucket(bucket)));
        assertEquals("BucketAlreadyExists", taken.awsErrorDetails().errorCode());
        assertEquals(403, assertThrows(S3Exception.class, () -> bob.headBucket(b -> b.bucket(bucket))).statusCode());
        assertEquals("AccessDenied", assertThrows(S3Exception.class,
                () -> bob.listObjectsV2(b -> b.bucket(bucket))).awsErrorDetails().errorCode());

        alice.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
        assertEquals("BucketNotEmpty", assertThrows(S3Exception.class,
                () -> alice.deleteBucket(b -> b.bucket(bucket))).awsErrorDetails().errorCode());
        alice.deleteObject(b -> b.bucket(bucket).key("k"));
        alice.deleteBucket(b -> b.bucket(bucket));
        assertThrows(NoSuchBucketException.class, () -> alice.headBucket(b -> b.bucket(bucket)));
    }

    @Test
    void locationConstraintIsKept() {
        String bucket = Fixtures.uniqueBucketName().value();
        alice.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
        assertEquals("eu-west-1", alice.getBucketLocation(b -> b.bucket(bucket)).locationConstraintAsString());
    }

    @Test
    void objectsOfEverySizeRoundTripWithTheirMetadata() throws Exception {
        String bucket = newBucket();
        for (int size : new int[] {0, 1, 4096, (1 << 20) + 1, 5 * (1 << 20) + 7}) {
            byte[] data = Fixtures.randomBytes(size);
            String key = "sizes/" + size;
            String etag = alice.putObject(b -> b.bucket(bucket).key(key).contentType("application/x-test")
                    .metadata(Map.of("color", "blue")).cacheControl("no-cache").contentDisposition("inline"),
                    RequestBody.fromBytes(data)).eTag();
            assertEquals("\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)) + "\"", etag);
            ResponseBytes<GetObjectResponse> got = alice.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            assertArrayEquals(data, got.asByteArray(), "size " + size);
            assertEquals("application/x-test", got.response().contentType());
            assertEquals(Map.of("color", "blue"), got.response().metadata());
            assertEquals("no-cache", got.response().cacheControl());
            assertEquals("inline", got.response().contentDisposition());
            HeadObjectResponse head = alice.headObject(b -> b.bucket(bucket).key(key));
            assertEquals(size, head.contentLength());
            assertEquals(etag, head.eTag());
        }
    }

    @Test
    void keysAreNamesNotPaths() {
        String bucket = newBucket();
        List<String> keys = List.of("a b", "a+b", "100%", "日本/語.txt", "../etc/passwd", "a/../../b", "../../x",
                "../../../etc/passwd", "a/../../../b", "..", "a//b", "~tilde",
                "x=1&y=2?z", "emoji😀", "dir/", "semi;colon", "back\\slash", "tab\tkey");
        for (String key : keys) {
            alice.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("value of " + key));
        }
        for (String key : keys) {
            assertEquals("value of " + key, alice.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String(), key);
        }
        List<String> listed = alice.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key).toList();
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(io.granary.core.model.Utf8Order.COMPARATOR);
        assertEquals(sorted, listed);
    }

    @Test
    void rangesAndConditions() {
        String bucket = newBucket();
        byte[] data = Fixtures.randomBytes(10_000);
        String etag = alice.putObject(b -> b.bucket(bucket).key("r"), RequestBody.fromBytes(data)).eTag();
        assertArrayEquals(Arrays.copyOfRange(data, 100, 200),
                alice.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=100-199")).asByteArray());
        ResponseBytes<GetObjectResponse> suffix = alice.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=-10"));
        assertArrayEquals(Arrays.copyOfRange(data, 9_990, 10_000), suffix.asByteArray());
        assertEquals("bytes 9990-9999/10000", suffix.response().contentRange());
        assertArrayEquals(Arrays.copyOfRange(data, 9_000, 10_000),
                alice.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=9000-")).asByteArray());
        S3Exception beyond = assertThrows(S3Exception.class,
                () -> alice.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=10000-")));
        assertEquals(416, beyond.statusCode());
        assertEquals("InvalidRange", beyond.awsErrorDetails().errorCode());

        alice.getObjectAsBytes(b -> b.bucket(bucket).key("r").ifMatch(etag));
        assertEquals(412, assertThrows(S3Exception.class,
                () -> alice.getObjectAsBytes(b -> b.bucket(bucket).key("r").ifMatch("\"nope\""))).statusCode());
        assertEquals(304, assertThrows(S3Exception.class,
                () -> alice.getObjectAsBytes(b -> b.bucket(bucket).key("r").ifNoneMatch(etag))).statusCode());
        assertEquals(304, assertThrows(S3Exception.class, () -> alice.getObjectAsBytes(
                b -> b.bucket(bucket).key("r").ifModifiedSince(Instant.now().plusSeconds(60)))).statusCode());
        assertEquals(412, assertThrows(S3Exception.class, () -> alice.getObjectAsBytes(
                b -> b.bucket(bucket).key("r").ifUnmodifiedSince(Instant.now().minusSeconds(3600)))).statusCode());

        GetObjectResponse overridden = alice.getObjectAsBytes(b -> b.bucket(bucket).key("r")
                .responseContentType("text/csv").responseContentDisposition("attachment; filename=r.csv")).response();
        assertEquals("text/csv", overridden.contentType());
        assertEquals("attachment; filename=r.csv", overridden.contentDisposition());
    }

    @Test
    void listingsWithDelimitersAndPages() {
        String bucket = newBucket();
        for (String key : List.of("a/1", "a/2", "b/1", "c", "d/e/f", "d/g")) {
            alice.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        ListObjectsV2Response top = alice.listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
        assertEquals(List.of("c"), top.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("a/", "b/", "d/"), top.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(4, top.keyCount());

        ListObjectsV2Response first = alice.listObjectsV2(b -> b.bucket(bucket).maxKeys(2));
        assertTrue(first.isTruncated());
        ListObjectsV2Response second = alice.listObjectsV2(b -> b.bucket(bucket).maxKeys(5)
                .continuationToken(first.nextContinuationToken()));
        assertEquals(List.of("b/1", "c", "d/e/f", "d/g"), second.contents().stream().map(S3Object::key).toList());
        assertFalse(second.isTruncated());

        ListObjectsV2Response after = alice.listObjectsV2(b -> b.bucket(bucket).startAfter("c").fetchOwner(true));
        assertEquals(List.of("d/e/f", "d/g"), after.contents().stream().map(S3Object::key).toList());
        assertEquals(gateway.alice().userId(), after.contents().get(0).owner().id());

        ListObjectsResponse v1 = alice.listObjects(b -> b.bucket(bucket).maxKeys(3));
        assertTrue(v1.isTruncated());
        assertEquals("b/1", v1.nextMarker());
        ListObjectsResponse v1Next = alice.listObjects(b -> b.bucket(bucket).marker(v1.nextMarker()).prefix("d/").delimiter("/"));
        assertEquals(List.of("d/g"), v1Next.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("d/e/"), v1Next.commonPrefixes().stream().map(CommonPrefix::prefix).toList());

        assertEquals(1000, alice.listObjectsV2(b -> b.bucket(bucket).maxKeys(5000)).maxKeys());
    }

    @Test
    void deletedObjectsAreGone() {
        String bucket = newBucket();
        alice.putObject(b -> b.bucket(bucket).key("gone"), RequestBody.fromString("x"));
        alice.deleteObject(b -> b.bucket(bucket).key("gone"));
        alice.deleteObject(b -> b.bucket(bucket).key("gone"));
        assertThrows(NoSuchKeyException.class, () -> alice.getObjectAsBytes(b -> b.bucket(bucket).key("gone")));
        assertEquals(404, assertThrows(S3Exception.class, () -> alice.headObject(b -> b.bucket(bucket).key("gone"))).statusCode());
    }

    private static String newBucket() {
        String bucket = Fixtures.uniqueBucketName().value();
        alice.createBucket(b -> b.bucket(bucket));
        return bucket;
    }
}
