package io.granary.s3.api;

import static io.granary.s3.api.BadInputTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.testing.Fixtures;
import io.granary.s3.testing.AliceBucket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Additional checksums ({@code x-amz-checksum-*}): declared in a header or a trailer, verified
 * against the body before anything is stored, kept with the object, and returned on PutObject and
 * on GET and HEAD in checksum mode.
 */
class ChecksumTest {
    private static AliceBucket session;
    private static S3Client alice;
    private static String bucket;
    private static final byte[] ORIGINAL = "the original bytes".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        session = AliceBucket.start();
        alice = session.alice();
        bucket = session.bucket();
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @ParameterizedTest
    // CRC64NVME is left out: the SDK computes it only with its native CRT library.
    @EnumSource(value = software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.class,
            names = {"CRC32", "CRC32_C", "SHA1", "SHA256"})
    void theSdksTrailingChecksumsAreStoredAndReturned(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm sdk) {
        byte[] data = Fixtures.randomBytes(3 * (1 << 20) + 17);
        String key = "trailer-" + sdk;
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.forName(sdk.toString()).orElseThrow();
        String expected = checksumOf(algorithm, data);

        PutObjectResponse put = alice.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(sdk),
                RequestBody.fromBytes(data));
        assertEquals(expected, sdkValue(put.checksumCRC32(), put.checksumCRC32C(), put.checksumCRC64NVME(),
                put.checksumSHA1(), put.checksumSHA256()));

        HeadObjectResponse head = alice.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        assertEquals(expected, sdkValue(head.checksumCRC32(), head.checksumCRC32C(), head.checksumCRC64NVME(),
                head.checksumSHA1(), head.checksumSHA256()));
        assertEquals("FULL_OBJECT", head.checksumTypeAsString());

        // The SDK validates the returned checksum against the bytes it receives.
        ResponseBytes<GetObjectResponse> get = alice.getObjectAsBytes(
                b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        assertArrayEquals(data, get.asByteArray());
        GetObjectResponse response = get.response();
        assertEquals(expected, sdkValue(response.checksumCRC32(), response.checksumCRC32C(),
                response.checksumCRC64NVME(), response.checksumSHA1(), response.checksumSHA256()));
    }

    @Test
    void aChecksumHeaderIsVerifiedAndKept() throws Exception {
        byte[] data = "checked by header".getBytes(StandardCharsets.UTF_8);
        String sha256 = checksumOf(ChecksumAlgorithm.SHA256, data);
        HttpResponse<byte[]> put = session.http().send("PUT", "/" + bucket + "/by-header",
                Map.of("x-amz-checksum-sha256", sha256), data);
        assertEquals(200, put.statusCode());
        assertEquals(sha256, put.headers().firstValue("x-amz-checksum-sha256").orElseThrow());
        assertEquals("FULL_OBJECT", put.headers().firstValue("x-amz-checksum-type").orElseThrow());

        HttpResponse<byte[]> withMode = session.http().send("GET", "/" + bucket + "/by-header",
                Map.of("x-amz-checksum-mode", "ENABLED"), new byte[0]);
        assertEquals(sha256, withMode.headers().firstValue("x-amz-checksum-sha256").orElseThrow());
        HttpResponse<byte[]> withoutMode = session.http().send("GET", "/" + bucket + "/by-header", Map.of(), new byte[0]);
        assertFalse(withoutMode.headers().firstValue("x-amz-checksum-sha256").isPresent());
        HttpResponse<byte[]> ranged = session.http().send("GET", "/" + bucket + "/by-header",
                Map.of("x-amz-checksum-mode", "ENABLED", "Range", "bytes=0-3"), new byte[0]);
        assertEquals(206, ranged.statusCode());
        assertFalse(ranged.headers().firstValue("x-amz-checksum-sha256").isPresent(),
                "a checksum of the whole object does not describe a range");
    }

    @Test
    void crc64nvmeInAHeaderIsVerified() throws Exception {
        byte[] data = Fixtures.randomBytes(1000);
        String crc = checksumOf(ChecksumAlgorithm.CRC64NVME, data);
        HttpResponse<byte[]> put = session.http().send("PUT", "/" + bucket + "/crc64", Map.of("x-amz-checksum-crc64nvme", crc),
                data);
        assertEquals(200, put.statusCode());
        HeadObjectResponse head = alice.headObject(b -> b.bucket(bucket).key("crc64").checksumMode(ChecksumMode.ENABLED));
        assertEquals(crc, head.checksumCRC64NVME());
    }

    @Test
    void aWrongChecksumStoresNothing() throws Exception {
        alice.putObject(b -> b.bucket(bucket).key("kept"), RequestBody.fromBytes(ORIGINAL));
        byte[] other = "other bytes".getBytes(StandardCharsets.UTF_8);
        String wrong = checksumOf(ChecksumAlgorithm.CRC32, "something else".getBytes(StandardCharsets.UTF_8));
        assertError(session.http().send("PUT", "/" + bucket + "/kept", Map.of("x-amz-checksum-crc32", wrong), other),
                400, "BadDigest");
        assertError(session.http().send("PUT", "/" + bucket + "/kept", Map.of("x-amz-checksum-crc32c", "not base64!"), other),
                400, "InvalidRequest");
        assertError(session.http().send("PUT", "/" + bucket + "/kept", Map.of("x-amz-checksum-crc32", "AAAA"), other),
                400, "InvalidRequest");
        assertError(session.http().send("PUT", "/" + bucket + "/kept", Map.of(
                "x-amz-checksum-crc32", checksumOf(ChecksumAlgorithm.CRC32, other),
                "x-amz-checksum-sha1", checksumOf(ChecksumAlgorithm.SHA1, other)), other), 400, "InvalidRequest");
        assertError(session.http().send("PUT", "/" + bucket + "/kept", Map.of(
                "x-amz-checksum-crc32", checksumOf(ChecksumAlgorithm.CRC32, other),
                "x-amz-sdk-checksum-algorithm", "SHA256"), other), 400, "InvalidRequest");
        assertError(session.http().send("PUT", "/" + bucket + "/kept", Map.of("x-amz-sdk-checksum-algorithm", "MD4"), other),
                400, "InvalidRequest");
        assertArrayEquals(ORIGINAL, alice.getObjectAsBytes(b -> b.bucket(bucket).key("kept")).asByteArray());
        // The SDK sent its default CRC32 with the original, and that is what stays.
        HeadObjectResponse head = alice.headObject(b -> b.bucket(bucket).key("kept").checksumMode(ChecksumMode.ENABLED));
        assertEquals(checksumOf(ChecksumAlgorithm.CRC32, ORIGINAL), head.checksumCRC32());
    }

    @Test
    void aCopyKeepsTheSourcesAlgorithmOrTakesTheOneAskedFor() {
        byte[] data = Fixtures.randomBytes(70_000);
        alice.putObject(b -> b.bucket(bucket).key("copy-source")
                .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32_C),
                RequestBody.fromBytes(data));
        alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("copy-source").destinationBucket(bucket)
                .destinationKey("same-algorithm"));
        HeadObjectResponse same = alice.headObject(
                b -> b.bucket(bucket).key("same-algorithm").checksumMode(ChecksumMode.ENABLED));
        assertEquals(checksumOf(ChecksumAlgorithm.CRC32C, data), same.checksumCRC32C());

        alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("copy-source").destinationBucket(bucket)
                .destinationKey("other-algorithm")
                .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA1));
        HeadObjectResponse other = alice.headObject(
                b -> b.bucket(bucket).key("other-algorithm").checksumMode(ChecksumMode.ENABLED));
        assertEquals(checksumOf(ChecksumAlgorithm.SHA1, data), other.checksumSHA1());
        assertNull(other.checksumCRC32C());
        assertTrue(alice.getObjectAsBytes(b -> b.bucket(bucket).key("other-algorithm")).asByteArray().length
                == data.length);
    }

    private static String checksumOf(ChecksumAlgorithm algorithm, byte[] data) {
        ChecksumAlgorithm.Running running = algorithm.start();
        running.update(data, 0, data.length);
        return running.finish();
    }

    /** The one value an SDK response carries among its per-algorithm checksum fields. */
    private static String sdkValue(String... values) {
        String found = null;
        for (String value : values) {
            if (value != null) {
                assertNull(found, "one checksum only");
                found = value;
            }
        }
        return found;
    }
}
