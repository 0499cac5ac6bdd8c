package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.auth.AccessKey;
import io.granary.core.testing.Fixtures;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The AWS SDK for Java v2 (path style, its default aws-chunked uploads) on HDFS and HBase. */
class SdkV2ClusterTest {
    private static S3Client s3;
    private static String bucket;

    @BeforeAll
    static void connect() {
        s3 = client(SharedCloud.endpoint(), SharedCloud.key());
        bucket = Fixtures.uniqueBucketName().value();
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static S3Client client(URI endpoint, AccessKey key) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretKey())))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32))
                .build();
    }

    @Test
    void packedAndLargeObjectsRoundTripByteForByte() {
        for (int size : new int[] {0, 1, 1000, (1 << 20), (1 << 20) + 1, 12 * (1 << 20) + 3}) {
            byte[] data = Fixtures.randomBytes(size);
            s3.putObject(b -> b.bucket(bucket).key("size-" + size), RequestBody.fromBytes(data));
            assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(bucket).key("size-" + size)).asByteArray(),
                    "size " + size);
        }
        byte[] large = Fixtures.randomBytes(5 * (1 << 20));
        s3.putObject(b -> b.bucket(bucket).key("ranged"), RequestBody.fromBytes(large));
        // A range across the store's 1 MiB checksum chunks.
        int from = (1 << 20) - 100;
        int to = 3 * (1 << 20) + 100;
        assertArrayEquals(Arrays.copyOfRange(large, from, to + 1), s3.getObjectAsBytes(
                b -> b.bucket(bucket).key("ranged").range("bytes=" + from + "-" + to)).asByteArray());
    }

    @Test
    void concurrentSmallWritesAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<byte[]>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String key = "concurrent/" + i;
                writes.add(pool.submit(() -> {
                    byte[] data = Fixtures.randomBytes(100 + key.length() * 37);
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
                    return data;
                }));
            }
            for (int i = 0; i < writes.size(); i++) {
                String key = "concurrent/" + i;
                assertArrayEquals(writes.get(i).get(), s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void overwriteAndDeleteAreAtomicPerKey() {
        s3.putObject(b -> b.bucket(bucket).key("over"), RequestBody.fromString("first"));
        s3.putObject(b -> b.bucket(bucket).key("over"), RequestBody.fromBytes(Fixtures.randomBytes(2 << 20)));
        s3.putObject(b -> b.bucket(bucket).key("over"), RequestBody.fromString("third"));
        assertEquals("third", s3.getObjectAsBytes(b -> b.bucket(bucket).key("over")).asUtf8String());
        s3.deleteObject(b -> b.bucket(bucket).key("over"));
        assertThrows(NoSuchKeyException.class, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("over")));
    }

    @Test
    void listingPagesPastOneThousandKeys() throws Exception {
        String listed = Fixtures.uniqueBucketName().value();
        s3.createBucket(b -> b.bucket(listed));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 1_234; i++) {
                String key = String.format("k/%05d", i);
                writes.add(pool.submit(() -> s3.putObject(b -> b.bucket(listed).key(key), RequestBody.fromString(key))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(listed)).contents().stream().map(S3Object::key).toList();
        assertEquals(IntStream.range(0, 1_234).mapToObj(i -> String.format("k/%05d", i)).toList(), keys);
        List<String> v1 = new ArrayList<>();
        String marker = null;
        while (true) {
            String from = marker;
            ListObjectsResponse page = s3.listObjects(b -> b.bucket(listed).maxKeys(500).marker(from));
            page.contents().forEach(o -> v1.add(o.key()));
            if (!page.isTruncated()) {
                break;
            }
            marker = page.nextMarker();
        }
        assertEquals(keys, v1);
    }
}
