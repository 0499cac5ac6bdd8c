package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Multipart uploads on HDFS and HBase with the AWS SDK for Java v2: parts written in parallel, each
 * its own blob (large ones in their own files, a small last part packed), the object a manifest
 * over them, read back byte for byte, by range across parts and part by part.
 */
class MultipartClusterTest {
    private static final int MIB = 1 << 20;

    private static S3Client s3;
    private static String bucket;

    @BeforeAll
    static void connect() {
        s3 = SdkV2ClusterTest.client(SharedCloud.endpoint(), SharedCloud.key());
        bucket = Fixtures.uniqueBucketName().value();
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @Test
    void aThreePartUploadRoundTripsByteForByte() throws Exception {
        String key = "multipart/three parts.bin";
        byte[][] parts = {Fixtures.randomBytes(8 * MIB + 3), Fixtures.randomBytes(5 * MIB), Fixtures.randomBytes(777)};
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("application/x-test"))
                .uploadId();
        ExecutorService pool = Executors.newFixedThreadPool(parts.length);
        List<CompletedPart> completed = new ArrayList<>();
        try {
            List<Future<String>> uploads = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                int number = i + 1;
                byte[] data = parts[i];
                uploads.add(pool.submit(() -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number), RequestBody.fromBytes(data)).eTag()));
            }
            for (int i = 0; i < parts.length; i++) {
                completed.add(CompletedPart.builder().partNumber(i + 1).eTag(uploads.get(i).get()).build());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(1, 2, 3), s3.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId)).parts().stream()
                .map(Part::partNumber).toList());

        String etag = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(completed))).eTag();
        assertTrue(etag.matches("\"[0-9a-f]{32}-3\""), etag);

        byte[] whole = concat(parts);
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        assertArrayEquals(whole, got.asByteArray());
        assertEquals(etag, got.response().eTag());
        assertEquals("application/x-test", got.response().contentType());
        int from = 8 * MIB - 100;
        int to = 13 * MIB + 200;
        assertArrayEquals(Arrays.copyOfRange(whole, from, to + 1),
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + from + "-" + to)).asByteArray());
        for (int i = 0; i < parts.length; i++) {
            int number = i + 1;
            ResponseBytes<GetObjectResponse> part = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).partNumber(number));
            assertArrayEquals(parts[i], part.asByteArray(), "part " + number);
            assertEquals(3, part.response().partsCount());
        }
        assertThrows(NoSuchUploadException.class, () -> s3.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId)));

        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    @Test
    void abortedUploadsDisappearAndDeletingABucketAbortsWhatIsLeft() {
        String own = Fixtures.uniqueBucketName().value();
        s3.createBucket(b -> b.bucket(own));
        String aborted = s3.createMultipartUpload(b -> b.bucket(own).key("a")).uploadId();
        String left = s3.createMultipartUpload(b -> b.bucket(own).key("b")).uploadId();
        s3.uploadPart(b -> b.bucket(own).key("a").uploadId(aborted).partNumber(1),
                RequestBody.fromBytes(Fixtures.randomBytes(2 * MIB)));
        s3.uploadPart(b -> b.bucket(own).key("b").uploadId(left).partNumber(1),
                RequestBody.fromBytes(Fixtures.randomBytes(100)));
        assertEquals(List.of("a", "b"), s3.listMultipartUploads(b -> b.bucket(own)).uploads().stream()
                .map(MultipartUpload::key).toList());
        s3.abortMultipartUpload(b -> b.bucket(own).key("a").uploadId(aborted));
        assertEquals(List.of(left), s3.listMultipartUploads(b -> b.bucket(own)).uploads().stream()
                .map(MultipartUpload::uploadId).toList());
        s3.deleteBucket(b -> b.bucket(own));
        s3.createBucket(b -> b.bucket(own));
        assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(own)).uploads());
        s3.deleteBucket(b -> b.bucket(own));
    }

    private static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }
}
