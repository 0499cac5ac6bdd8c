package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.auth.AccessKey;
import io.granary.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The AWS SDK for Java v2's asynchronous client over Netty (not the CRT client), with the SDK's
 * default checksum behaviour (unsigned aws-chunked uploads with a CRC32 trailer), and its
 * Java-based multipart client ({@code multipartEnabled}: parts up, parts down by part number, copies
 * by UploadPartCopy), on HDFS and HBase.
 */
class SdkV2AsyncClusterTest {
    private static final int MIB = 1 << 20;
    /** Objects from this size up go multipart in the multipart client, in parts of {@link #PART_SIZE}. */
    private static final long THRESHOLD = 8L * MIB;
    private static final long PART_SIZE = 5L * MIB;

    /** What the clients of this class put on the wire. */
    private static final SentRequests SENT = new SentRequests();

    private static S3AsyncClient s3;
    private static S3AsyncClient multipart;
    private static String bucket;

    @BeforeAll
    static void connect() {
        s3 = client(builder -> builder.overrideConfiguration(o -> o.addExecutionInterceptor(SENT)));
        multipart = multipartClient(SENT);
        bucket = Fixtures.uniqueBucketName().value();
        s3.createBucket(b -> b.bucket(bucket)).join();
    }

    @AfterAll
    static void close() {
        s3.close();
        multipart.close();
    }

    /** An asynchronous client of the shared cloud over Netty, path style, with the SDK's defaults otherwise. */
    static S3AsyncClient client(Consumer<S3AsyncClientBuilder> customizer) {
        AccessKey key = SharedCloud.key();
        S3AsyncClientBuilder builder = S3AsyncClient.builder().endpointOverride(SharedCloud.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretKey())))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(32));
        customizer.accept(builder);
        return builder.build();
    }

    /** The Java-based multipart client: 5 MiB parts from 8 MiB up, for uploads, downloads and copies. */
    static S3AsyncClient multipartClient(SentRequests sent) {
        return client(builder -> multipart(builder).overrideConfiguration(o -> o.addExecutionInterceptor(sent)));
    }

    private static S3AsyncClientBuilder multipart(S3AsyncClientBuilder builder) {
        return builder.multipartEnabled(true)
                .multipartConfiguration(c -> c.thresholdInBytes(THRESHOLD).minimumPartSizeInBytes(PART_SIZE));
    }

    @Test
    void putsAndGetsWholeAndRangedWithDefaultChecksums() {
        for (int size : new int[] {0, 1, 1000, MIB, MIB + 1, 6 * MIB + 3}) {
            byte[] data = Fixtures.randomBytes(size);
            String key = "async/size-" + size;
            String etag = s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/x-test"),
                    AsyncRequestBody.fromBytes(data)).join().eTag();
            assertEquals("\"" + md5Hex(data) + "\"", etag, "size " + size);
            assertArrayEquals(data, s3.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBytes())
                    .join().asByteArray(), "size " + size);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key)).join();
            assertEquals(size, head.contentLength());
            assertEquals("application/x-test", head.contentType());
        }
        // The async client's default, even over plain HTTP: an unsigned aws-chunked body with a CRC32 trailer.
        Map<String, List<String>> put = SENT.last("PutObject");
        assertEquals(List.of("STREAMING-UNSIGNED-PAYLOAD-TRAILER"), put.get("x-amz-content-sha256"));
        assertEquals(List.of("x-amz-checksum-crc32"), put.get("x-amz-trailer"));
        assertEquals(List.of(String.valueOf(6 * MIB + 3)), put.get("x-amz-decoded-content-length"));

        byte[] large = Fixtures.randomBytes(5 * MIB);
        s3.putObject(b -> b.bucket(bucket).key("async/ranged"), AsyncRequestBody.fromBytes(large)).join();
        // Ranges inside one of the store's 1 MiB checksum chunks, across several, and to the end.
        for (int[] range : new int[][] {{10, 20}, {MIB - 100, 3 * MIB + 100}, {5 * MIB - 7, 5 * MIB - 1}}) {
            assertArrayEquals(Arrays.copyOfRange(large, range[0], range[1] + 1), s3.getObject(
                    b -> b.bucket(bucket).key("async/ranged").range("bytes=" + range[0] + "-" + range[1]),
                    AsyncResponseTransformer.toBytes()).join().asByteArray());
        }
        S3Exception unsatisfiable = cause(S3Exception.class, () -> s3.getObject(
                b -> b.bucket(bucket).key("async/ranged").range("bytes=" + (6 * MIB) + "-"),
                AsyncResponseTransformer.toBytes()).join());
        assertEquals(416, unsatisfiable.statusCode());
    }

    @Test
    void trailersOfEachPureJavaChecksumAlgorithmAreAccepted() {
        byte[] data = Fixtures.randomBytes(2 * MIB + 77);
        // Not CRC64NVME: the SDK computes it only with the native CRT library, which these tests keep out.
        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256)) {
            String key = "async/checksum-" + algorithm;
            s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(algorithm), AsyncRequestBody.fromBytes(data)).join();
            assertEquals(List.of("x-amz-checksum-" + algorithm.toString().toLowerCase(java.util.Locale.ROOT)),
                    SENT.last("PutObject").get("x-amz-trailer"));
            assertArrayEquals(data, s3.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBytes())
                    .join().asByteArray(), key);
        }
    }

    @Test
    void checksumsOnlyWhenRequiredSendsAPlainUnsignedBody() {
        try (S3AsyncClient plain = client(builder -> builder
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.addExecutionInterceptor(SENT)))) {
            byte[] data = Fixtures.randomBytes(MIB + 5);
            plain.putObject(b -> b.bucket(bucket).key("async/when-required"), AsyncRequestBody.fromBytes(data)).join();
            Map<String, List<String>> put = SENT.last("PutObject");
            // The async client signs no payload, even over plain HTTP: the body goes as it is.
            assertEquals(List.of("UNSIGNED-PAYLOAD"), put.get("x-amz-content-sha256"));
            assertEquals(List.of(String.valueOf(MIB + 5)), put.get("Content-Length"));
            assertEquals(null, put.get("x-amz-trailer"));
            assertArrayEquals(data, plain.getObject(b -> b.bucket(bucket).key("async/when-required"),
                    AsyncResponseTransformer.toBytes()).join().asByteArray());
        }
    }

    @Test
    void concurrentPutsThenPaginatedListingsAndBulkDelete() {
        String listed = Fixtures.uniqueBucketName().value();
        s3.createBucket(b -> b.bucket(listed)).join();
        List<String> keys = IntStream.range(0, 250).mapToObj(i -> String.format("dir%d/k%04d", i % 3, i)).sorted().toList();
        CompletableFuture.allOf(keys.stream().map(key -> s3.putObject(b -> b.bucket(listed).key(key),
                AsyncRequestBody.fromString(key))).toArray(CompletableFuture[]::new)).join();

        // Pages of 40 keys: seven ListObjectsV2 requests chained by continuation-token.
        List<String> listedKeys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(listed).maxKeys(40)).contents()
                .subscribe(object -> listedKeys.add(object.key())).join();
        assertEquals(keys, listedKeys);
        List<String> prefixes = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(listed).delimiter("/").maxKeys(2)).commonPrefixes()
                .subscribe(prefix -> prefixes.add(prefix.prefix())).join();
        assertEquals(List.of("dir0/", "dir1/", "dir2/"), prefixes);
        List<String> underOne = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(listed).prefix("dir1/").startAfter("dir1/k0100")).contents()
                .map(S3Object::key).subscribe(underOne::add).join();
        assertEquals(keys.stream().filter(k -> k.startsWith("dir1/") && k.compareTo("dir1/k0100") > 0).toList(), underOne);

        List<ObjectIdentifier> ids = new ArrayList<>(keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList());
        ids.add(ObjectIdentifier.builder().key("never-there").build());
        DeleteObjectsResponse deleted = s3.deleteObjects(b -> b.bucket(listed).delete(d -> d.objects(ids))).join();
        assertEquals(keys.size() + 1, deleted.deleted().size());
        assertTrue(deleted.errors().isEmpty(), deleted.errors()::toString);
        List<CommonPrefix> left = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(listed).delimiter("/")).commonPrefixes().subscribe(left::add).join();
        assertEquals(List.of(), left);
        assertEquals(0, s3.listObjectsV2(b -> b.bucket(listed)).join().keyCount());
        s3.deleteBucket(b -> b.bucket(listed)).join();
    }

    @Test
    void errorsComeBackAsTheSdksExceptions() {
        String etag = s3.putObject(b -> b.bucket(bucket).key("async/doomed"), AsyncRequestBody.fromString("bye"))
                .join().eTag();
        S3Exception stale = cause(S3Exception.class, () -> s3.getObject(b -> b.bucket(bucket).key("async/doomed")
                .ifMatch("\"" + "0".repeat(32) + "\""), AsyncResponseTransformer.toBytes()).join());
        assertEquals(412, stale.statusCode());
        assertEquals("PreconditionFailed", stale.awsErrorDetails().errorCode());
        assertEquals("bye", s3.getObject(b -> b.bucket(bucket).key("async/doomed").ifMatch(etag),
                AsyncResponseTransformer.toBytes()).join().asUtf8String());
        s3.deleteObject(b -> b.bucket(bucket).key("async/doomed")).join();
        cause(NoSuchKeyException.class, () -> s3.getObject(b -> b.bucket(bucket).key("async/doomed"),
                AsyncResponseTransformer.toBytes()).join());
        String missing = Fixtures.uniqueBucketName().value();
        cause(NoSuchBucketException.class, () -> s3.putObject(b -> b.bucket(missing).key("k"),
                AsyncRequestBody.fromString("x")).join());
        cause(NoSuchBucketException.class, () -> s3.listObjectsV2(b -> b.bucket(missing)).join());
    }

    @Test
    void multipartClientUploadsDownloadsAndCopiesInParts() {
        byte[] data = Fixtures.randomBytes(24 * MIB + 12_345);
        String etag = multipart.putObject(b -> b.bucket(bucket).key("mp/object"), AsyncRequestBody.fromBytes(data))
                .join().eTag();
        // 24 MiB and a bit in 5 MiB parts: five of them, and the multipart ETag says so.
        assertTrue(etag.endsWith("-5\""), etag);
        // The upload declares CRC32, and each part comes aws-chunked with a CRC32 trailer.
        assertEquals(List.of("CRC32"), SENT.last("CreateMultipartUpload").get("x-amz-checksum-algorithm"));
        assertEquals(List.of("x-amz-checksum-crc32"), SENT.last("UploadPart").get("x-amz-trailer"));
        HeadObjectResponse part = s3.headObject(b -> b.bucket(bucket).key("mp/object").partNumber(2)).join();
        assertEquals(5, part.partsCount());
        assertEquals(PART_SIZE, part.contentLength());
        assertArrayEquals(data, multipart.getObject(b -> b.bucket(bucket).key("mp/object"),
                AsyncResponseTransformer.toBytes()).join().asByteArray());

        // Over the threshold, the multipart client copies with UploadPartCopy, one range per part.
        String copied = multipart.copyObject(b -> b.sourceBucket(bucket).sourceKey("mp/object")
                .destinationBucket(bucket).destinationKey("mp/copy")).join().copyObjectResult().eTag();
        assertTrue(copied.matches("\"[0-9a-f]{32}-\\d+\""), copied);
        assertArrayEquals(data, s3.getObject(b -> b.bucket(bucket).key("mp/copy"), AsyncResponseTransformer.toBytes())
                .join().asByteArray());

        // Below the threshold it is one ordinary PutObject.
        byte[] small = Fixtures.randomBytes(3 * MIB);
        String smallEtag = multipart.putObject(b -> b.bucket(bucket).key("mp/small"), AsyncRequestBody.fromBytes(small))
                .join().eTag();
        assertEquals("\"" + md5Hex(small) + "\"", smallEtag);
        var uploads = multipart.listMultipartUploads(b -> b.bucket(bucket)).join().uploads();
        assertTrue(uploads.isEmpty(), uploads::toString);
    }

    /** Runs {@code call}, expecting it to fail with a {@code type} (the async client wraps it in a CompletionException). */
    static <T extends Throwable> T cause(Class<T> type, Runnable call) {
        CompletionException thrown = assertThrows(CompletionException.class, call::run);
        return assertInstanceOf(type, thrown.getCause(), () -> String.valueOf(thrown.getCause()));
    }

    static String md5Hex(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
