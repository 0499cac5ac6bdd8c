package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.BlockingInputStreamAsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedCopy;
import software.amazon.awssdk.transfer.s3.model.CompletedDirectoryDownload;
import software.amazon.awssdk.transfer.s3.model.CompletedDirectoryUpload;
import software.amazon.awssdk.transfer.s3.model.CompletedFileUpload;
import software.amazon.awssdk.transfer.s3.model.ResumableFileDownload;
import software.amazon.awssdk.transfer.s3.model.ResumableFileUpload;

/**
 * The SDK v2's S3 Transfer Manager over the Java-based multipart async client (Netty, not CRT), on
 * HDFS and HBase: uploadFile/downloadFile of a file that goes multipart, resumed uploads and
 * downloads, upload of a stream of unknown length, uploadDirectory and downloadDirectory of a tree, and copy, each compared byte for
 * byte.
 */
class TransferManagerClusterTest {
    private static final int MIB = 1 << 20;
    /** Five parts of 5 MiB and a short sixth in the multipart client of {@link SdkV2AsyncClusterTest}. */
    private static final long LARGE = 26L * MIB + 4_321;

    private static final SentRequests SENT = new SentRequests();

    private static S3AsyncClient s3;
    private static S3TransferManager transfers;
    private static String bucket;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() {
        s3 = SdkV2AsyncClusterTest.multipartClient(SENT);
        transfers = S3TransferManager.builder().s3Client(s3).build();
        bucket = Fixtures.uniqueBucketName().value();
        s3.createBucket(b -> b.bucket(bucket)).join();
    }

    @AfterAll
    static void close() {
        transfers.close();
        s3.close();
    }

    @Test
    void uploadsDownloadsAndCopiesALargeFileInParts() throws Exception {
        Path file = Cli.randomFile(work, "up/large.bin", LARGE, 41);
        CompletedFileUpload upload = transfers.uploadFile(u -> u.source(file)
                .putObjectRequest(p -> p.bucket(bucket).key("files/large.bin").contentType("application/x-large")))
                .completionFuture().join();
        assertTrue(upload.response().eTag().endsWith("-6\""), upload.response().eTag());

        Path down = work.resolve("down/large.bin");
        Files.createDirectories(down.getParent());
        var downloaded = transfers.downloadFile(d -> d.destination(down)
                .getObjectRequest(g -> g.bucket(bucket).key("files/large.bin"))).completionFuture().join();
        // Downloaded part by part (GET ?partNumber=N): the response is that of part 1, telling the part count.
        assertEquals(6, downloaded.response().partsCount(), downloaded.response()::toString);
        assertTrue(Cli.sameBytes(file, down), "the multipart download came back different");

        CompletedCopy copy = transfers.copy(c -> c.copyObjectRequest(r -> r.sourceBucket(bucket)
                .sourceKey("files/large.bin").destinationBucket(bucket).destinationKey("copies/large.bin")))
                .completionFuture().join();
        assertTrue(copy.response().copyObjectResult().eTag().endsWith("-6\""), copy.response().toString());
        HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key("copies/large.bin")).join();
        assertEquals(LARGE, head.contentLength());
        Path copied = work.resolve("down/copied.bin");
        transfers.downloadFile(d -> d.destination(copied)
                .getObjectRequest(g -> g.bucket(bucket).key("copies/large.bin"))).completionFuture().join();
        assertTrue(Cli.sameBytes(file, copied), "the multipart copy came back different");

        // An upload from memory below the multipart threshold: one PutObject.
        byte[] small = Fixtures.randomBytes(300_000);
        String etag = transfers.upload(u -> u.requestBody(AsyncRequestBody.fromBytes(small))
                .putObjectRequest(p -> p.bucket(bucket).key("files/small.bin"))).completionFuture().join()
                .response().eTag();
        assertEquals("\"" + SdkV2AsyncClusterTest.md5Hex(small) + "\"", etag);
        var uploads = s3.listMultipartUploads(b -> b.bucket(bucket)).join().uploads();
        assertTrue(uploads.isEmpty(), uploads::toString);
    }

    @Test
    void resumesAnInterruptedUploadAndAnInterruptedDownload() throws Exception {
        Path file = Cli.randomFile(work, "up/resumed.bin", LARGE, 43);
        byte[] bytes = Files.readAllBytes(file);
        int part = 5 * MIB;
        // Two of the six parts went up before the interruption.
        String uploadId = s3.createMultipartUpload(c -> c.bucket(bucket).key("resumed/up.bin")).join().uploadId();
        for (int number = 1; number <= 2; number++) {
            int from = (number - 1) * part;
            int partNumber = number;
            s3.uploadPart(u -> u.bucket(bucket).key("resumed/up.bin").uploadId(uploadId).partNumber(partNumber),
                    AsyncRequestBody.fromBytes(Arrays.copyOfRange(bytes, from, from + part))).join();
        }
        long partsBefore = SENT.count("UploadPart");
        ResumableFileUpload interrupted = ResumableFileUpload.builder()
                .uploadFileRequest(u -> u.source(file).putObjectRequest(p -> p.bucket(bucket).key("resumed/up.bin")))
                .fileLength(LARGE).fileLastModified(lastModified(file))
                .multipartUploadId(uploadId).partSizeInBytes((long) part).totalParts(6L).transferredParts(2L).build();
        String etag = transfers.resumeUploadFile(interrupted).completionFuture().join().response().eTag();
        // ListParts told the Transfer Manager which parts were there: only the other four went up.
        assertEquals(4, SENT.count("UploadPart") - partsBefore);
        assertTrue(etag.endsWith("-6\""), etag);
        Path check = work.resolve("down/resumed-up.bin");
        Files.createDirectories(check.getParent());
        transfers.downloadFile(d -> d.destination(check).getObjectRequest(g -> g.bucket(bucket).key("resumed/up.bin")))
                .completionFuture().join();
        assertTrue(Cli.sameBytes(file, check), "the resumed upload came back different");

        // A download cut short after its first 7 MiB: resumed with a ranged GET from there.
        Path partial = work.resolve("down/resumed-down.bin");
        Files.write(partial, Arrays.copyOfRange(bytes, 0, 7 * MIB));
        HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key("resumed/up.bin")).join();
        ResumableFileDownload cut = ResumableFileDownload.builder()
                .downloadFileRequest(d -> d.destination(partial).getObjectRequest(g -> g.bucket(bucket).key("resumed/up.bin")))
                .bytesTransferred(7L * MIB).totalSizeInBytes(LARGE)
                .fileLastModified(lastModified(partial))
                .s3ObjectLastModified(head.lastModified()).s3ObjectEtag(head.eTag()).build();
        transfers.resumeDownloadFile(cut).completionFuture().join();
        // The SDK asks for one byte past the end (bytes=7340032-<length>); the range ends at the object's end.
        String range = SENT.last("GetObject").get("Range").get(0);
        assertTrue(range.startsWith("bytes=" + (7 * MIB) + "-"), range);
        assertTrue(Cli.sameBytes(file, partial), "the resumed download came back different");
    }

    @Test
    void uploadsAStreamOfUnknownLengthInParts() throws Exception {
        byte[] data = Fixtures.randomBytes(12 * MIB + 99);
        BlockingInputStreamAsyncRequestBody body = AsyncRequestBody.forBlockingInputStream(null);
        var upload = transfers.upload(u -> u.requestBody(body).putObjectRequest(p -> p.bucket(bucket).key("streams/unknown")));
        body.writeInputStream(new ByteArrayInputStream(data));
        String etag = upload.completionFuture().join().response().eTag();
        // No length given: the multipart client cuts the stream into 5 MiB parts as it comes.
        assertTrue(etag.endsWith("-3\""), etag);
        Path down = work.resolve("down/unknown.bin");
        Files.createDirectories(down.getParent());
        transfers.downloadFile(d -> d.destination(down).getObjectRequest(g -> g.bucket(bucket).key("streams/unknown")))
                .completionFuture().join();
        assertArrayEquals(data, Files.readAllBytes(down));
    }

    @Test
    void uploadsAndDownloadsADirectoryTree() throws Exception {
        Path source = work.resolve("tree");
        Cli.randomFile(source, "top.txt", 1_000, 51);
        Cli.randomFile(source, "a/b/c/deep.bin", 300_000, 52);
        Cli.randomFile(source, "a/sibling.dat", 2_000_000, 53);
        Cli.randomFile(source, "dir with spaces/file with spaces.txt", 4_321, 54);
        Cli.randomFile(source, "ünïcødé/café.txt", 5_555, 55);
        Cli.randomFile(source, "empty/zero.bin", 0, 56);
        Cli.randomFile(source, "big/multipart.bin", 11L * MIB, 57);

        CompletedDirectoryUpload upload = transfers.uploadDirectory(u -> u.source(source).bucket(bucket)
                .s3Prefix("trees/one")).completionFuture().join();
        assertTrue(upload.failedTransfers().isEmpty(), upload.failedTransfers()::toString);
        TreeSet<String> keys = new TreeSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("trees/one/")).contents().map(S3Object::key)
                .subscribe(keys::add).join();
        assertEquals(Trees.relativeFiles(source).stream().map(f -> "trees/one/" + f).toList(), List.copyOf(keys));

        Path target = work.resolve("downloaded");
        CompletedDirectoryDownload download = transfers.downloadDirectory(d -> d.destination(target).bucket(bucket)
                .listObjectsV2RequestTransformer(l -> l.prefix("trees/one/"))).completionFuture().join();
        assertTrue(download.failedTransfers().isEmpty(), download.failedTransfers()::toString);
        // The listing prefix is taken off the keys: trees/one/a/sibling.dat lands in a/sibling.dat.
        Trees.assertSameTrees(source, target);
    }

    /** A file's modification time as the Transfer Manager compares it when resuming: in milliseconds. */
    private static Instant lastModified(Path file) {
        return Instant.ofEpochMilli(file.toFile().lastModified());
    }
}
