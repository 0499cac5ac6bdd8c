package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.granary.core.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * CopyObject and DeleteObjects on HDFS and HBase, through the AWS SDK v2, awscli v2
 * ({@code s3api copy-object}, {@code s3api delete-objects}, {@code s3 cp}/{@code mv} between
 * buckets) and s3cmd ({@code cp}, {@code modify}, {@code del --recursive}, which multi-deletes).
 */
class CopyAndDeleteClusterTest {
    private static S3Client s3;

    @TempDir
    Path work;
    private AwsCli aws;
    private S3cmd s3cmd;

    @BeforeAll
    static void connect() {
        s3 = SdkV2ClusterTest.client(SharedCloud.endpoint(), SharedCloud.key());
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @BeforeEach
    void configureClients() throws Exception {
        aws = AwsCli.configure(work, "multipart_threshold = 200MB");
        s3cmd = S3cmd.configure(work);
    }

    @Test
    void sdkCopiesPackedAndLargeObjectsAndDeletesThemInBulk() {
        String from = newBucket();
        String to = newBucket();
        List<String> keys = new ArrayList<>();
        for (int size : new int[] {0, 100, (1 << 20) + 1, 9 * (1 << 20) + 5}) {
            byte[] data = Fixtures.randomBytes(size);
            String key = "src/" + size;
            keys.add(key);
            String etag = s3.putObject(b -> b.bucket(from).key(key).contentType("application/x-test")
                    .metadata(Map.of("origin", "sdk")), RequestBody.fromBytes(data)).eTag();
            String copied = s3.copyObject(b -> b.sourceBucket(from).sourceKey(key).destinationBucket(to)
                    .destinationKey("dst/" + size).copySourceIfMatch(etag)).copyObjectResult().eTag();
            assertEquals(etag, copied);
            assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(to).key("dst/" + size)).asByteArray(), "size " + size);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(to).key("dst/" + size));
            assertEquals("application/x-test", head.contentType());
            assertEquals(Map.of("origin", "sdk"), head.metadata());
        }
        S3Exception stale = assertThrows(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket(from)
                .sourceKey("src/100").destinationBucket(to).destinationKey("stale")
                .copySourceIfMatch("\"00000000000000000000000000000000\"")));
        assertEquals(412, stale.statusCode());

        s3.copyObject(b -> b.sourceBucket(from).sourceKey("src/100").destinationBucket(from).destinationKey("src/100")
                .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("origin", "replaced"))
                .storageClass(StorageClass.REDUCED_REDUNDANCY));
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket(from).key("src/100"));
        assertEquals(Map.of("origin", "replaced"), replaced.metadata());
        assertEquals(StorageClass.REDUCED_REDUNDANCY, replaced.storageClass());

        List<ObjectIdentifier> ids = new ArrayList<>();
        keys.forEach(k -> ids.add(ObjectIdentifier.builder().key(k).build()));
        ids.add(ObjectIdentifier.builder().key("never-there").build());
        ids.add(ObjectIdentifier.builder().key("x".repeat(1100)).build());
        DeleteObjectsResponse deleted = s3.deleteObjects(b -> b.bucket(from).delete(d -> d.objects(ids)));
        assertEquals(keys.size() + 1, deleted.deleted().size());
        assertEquals(List.of("KeyTooLongError"), deleted.errors().stream().map(e -> e.code()).toList());
        assertEquals(0, s3.listObjectsV2(b -> b.bucket(from)).keyCount());
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(from).key("src/0")));
    }

    @Test
    void sdkDeletesAThousandKeysInOneRequest() throws Exception {
        String bucket = newBucket();
        List<String> keys = IntStream.range(0, 1000).mapToObj(i -> String.format("many/%04d", i)).toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
            for (String key : keys) {
                writes.add(pool.submit(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key))));
            }
            for (var write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.quiet(true)
                .objects(keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList())));
        assertEquals(List.of(), response.deleted());
        assertEquals(List.of(), response.errors());
        assertEquals(List.of(), s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key).toList());
    }

    @Test
    void awscliCopiesAndDeletes() throws Exception {
        String from = newBucket();
        String to = newBucket();
        Path file = Cli.randomFile(work, "up/report 1.bin", 3 * (1 << 20) + 17, 5);
        aws.ok("s3", "cp", file.toString(), "s3://" + from + "/reports/report 1.bin");
        String etag = s3.headObject(b -> b.bucket(from).key("reports/report 1.bin")).eTag();

        JsonNode copy = json(aws.ok("s3api", "copy-object", "--bucket", to, "--key", "copy.bin",
                "--copy-source", from + "/reports/report 1.bin", "--copy-source-if-match", etag,
                "--metadata-directive", "REPLACE", "--content-type", "application/x-report",
                "--metadata", "team=storage", "--output", "json"));
        assertEquals(etag, copy.path("CopyObjectResult").path("ETag").asText());
        HeadObjectResponse head = s3.headObject(b -> b.bucket(to).key("copy.bin"));
        assertEquals("application/x-report", head.contentType());
        assertEquals(Map.of("team", "storage"), head.metadata());

        Cli.Result stale = aws.run("s3api", "copy-object", "--bucket", to, "--key", "stale.bin",
                "--copy-source", from + "/reports/report 1.bin", "--copy-source-if-none-match", etag);
        assertTrue(stale.exitCode() != 0 && stale.stderr().contains("PreconditionFailed"), stale.stderr());

        // s3 cp / mv between buckets: HeadObject then CopyObject (then DeleteObject for mv).
        aws.ok("s3", "cp", "s3://" + from + "/reports/report 1.bin", "s3://" + to + "/cp.bin");
        aws.ok("s3", "mv", "s3://" + to + "/cp.bin", "s3://" + to + "/moved/mv.bin");
        Path down = work.resolve("down.bin");
        aws.ok("s3", "cp", "s3://" + to + "/moved/mv.bin", down.toString());
        assertTrue(Cli.sameBytes(file, down));
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(to).key("cp.bin")));

        JsonNode deleted = json(aws.ok("s3api", "delete-objects", "--bucket", to, "--output", "json", "--delete",
                "{\"Objects\":[{\"Key\":\"copy.bin\"},{\"Key\":\"moved/mv.bin\"},{\"Key\":\"no such key\"}],\"Quiet\":false}"));
        List<String> deletedKeys = new ArrayList<>();
        deleted.path("Deleted").forEach(d -> deletedKeys.add(d.path("Key").asText()));
        assertEquals(List.of("copy.bin", "moved/mv.bin", "no such key"), deletedKeys);
        assertTrue(deleted.path("Errors").isMissingNode() || deleted.path("Errors").isEmpty(), deleted.toString());
        assertEquals(0, s3.listObjectsV2(b -> b.bucket(to)).keyCount());
    }

    @Test
    void s3cmdCopiesModifiesAndDeletesRecursively() throws Exception {
        String bucket = "s3cmd-copy-" + UUID.randomUUID().toString().substring(0, 8);
        s3cmd.ok("mb", "s3://" + bucket);
        Path file = Cli.randomFile(work, "up/data.bin", 250_000, 6);
        s3cmd.ok("put", file.toString(), "s3://" + bucket + "/a/data.bin");
        s3cmd.ok("cp", "s3://" + bucket + "/a/data.bin", "s3://" + bucket + "/b/data.bin");
        s3cmd.ok("mv", "s3://" + bucket + "/b/data.bin", "s3://" + bucket + "/c/data.bin");
        s3cmd.ok("modify", "--add-header=Cache-Control:max-age=60", "s3://" + bucket + "/c/data.bin");
        assertEquals("max-age=60", s3.headObject(b -> b.bucket(bucket).key("c/data.bin")).cacheControl());
        Path down = work.resolve("down.bin");
        s3cmd.ok("get", "s3://" + bucket + "/c/data.bin", down.toString());
        assertTrue(Cli.sameBytes(file, down));
        String listing = s3cmd.ok("ls", "--recursive", "s3://" + bucket);
        assertTrue(listing.contains("/a/data.bin") && listing.contains("/c/data.bin"), listing);
        assertFalse(listing.contains("/b/data.bin"), listing);

        s3cmd.ok("del", "--recursive", "--force", "s3://" + bucket);
        assertEquals(0, s3.listObjectsV2(b -> b.bucket(bucket)).keyCount());
        s3cmd.ok("rb", "s3://" + bucket);
    }

    private static String newBucket() {
        String bucket = Fixtures.uniqueBucketName().value();
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }



}
