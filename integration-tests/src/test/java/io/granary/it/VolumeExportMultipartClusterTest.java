package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.auth.AccessKey;
import io.granary.core.testing.Fixtures;
import io.granary.launcher.transfer.S3Transfer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code granary volume export --to s3://...} of an image larger than one part, as a separate
 * process against the services of this run: the object it makes is a multipart upload's (its ETag
 * ends in {@code -N}), read back with the AWS SDK or imported back it holds the snapshot's bytes,
 * and no upload is left behind; a failed export leaves neither an object nor an upload, and
 * neither does an upload whose part the gateway refuses.
 */
class VolumeExportMultipartClusterTest {
    /** 23 MiB: four parts of 5 MiB and a last one of 3 MiB with {@code --part-size 5M}; one PUT by default. */
    private static final long IMAGE_SIZE = 23L << 20;

    @TempDir
    Path work;

    private Cli.Result granary(String... words) throws Exception {
        return new VolumeCli(work).run(words);
    }

    private Cli.Result ok(String... words) throws Exception {
        return new VolumeCli(work).exits(0, words);
    }

    @Test
    void snapshotsLargerThanOnePartExportAsMultipartUploads() throws Exception {
        Path image = Cli.randomFile(work, "image.raw", IMAGE_SIZE, 23);
        String expected = VolumeCli.sha256(image);
        String volume = VolumeNbdTest.uniqueName("mpu");
        ok("import", volume, "--from", image.toString());
        ok("snapshot", volume, "s1");
        VolumeNbdTest.qemuIoOk(work, volume, "write -P 0x77 0 6M"); // after the snapshot: not exported

        String bucket = Fixtures.uniqueBucketName().value();
        String key = "exports/disk image+1.raw";
        try (S3Client s3 = SdkV2ClusterTest.client(SharedCloud.endpoint(), SharedCloud.adminKey())) {
            s3.createBucket(b -> b.bucket(bucket));
            Cli.Result exported = ok("export", volume + "@s1", "--to", "s3://" + bucket + "/" + key,
                    "--part-size", "5M");
            assertEquals("exported=" + volume + "@s1 size=" + IMAGE_SIZE + " to=s3://" + bucket + "/" + key + "\n",
                    exported.stdout());
            // One progress bar for the whole image (redrawn in place after carriage returns), drawn to its end.
            String bar = exported.stderr().substring(exported.stderr().indexOf("uploading s3://" + bucket + "/" + key));
            assertTrue(bar.endsWith("] 100% 23.0/23.0 MiB\n"), exported.stderr());
            assertEquals(1, bar.chars().filter(c -> c == '\n').count(), exported.stderr());

            String etag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
            assertTrue(etag.matches("\"[0-9a-f]{32}-5\""), etag);
            Path back = work.resolve("back.raw");
            s3.getObject(b -> b.bucket(bucket).key(key), back);
            assertEquals(IMAGE_SIZE, Files.size(back));
            assertEquals(expected, VolumeCli.sha256(back));
            assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(bucket)).uploads());

            // The multipart object imports back (one streamed GET) into a volume holding the same bytes.
            String imported = VolumeNbdTest.uniqueName("mpu");
            ok("import", imported, "--from", "s3://" + bucket + "/" + key);
            ok("snapshot", imported, "s1");
            Path reexported = work.resolve("reexported.raw");
            ok("export", imported + "@s1", "--to", reexported.toString());
            assertEquals(expected, VolumeCli.sha256(reexported));
            ok("delete-snapshot", imported + "@s1");
            ok("delete", imported);

            // The default part size, 64 MiB, sends the same image in one PUT.
            ok("export", volume + "@s1", "--to", "s3://" + bucket + "/exports/single.raw");
            String single = s3.headObject(b -> b.bucket(bucket).key("exports/single.raw")).eTag();
            assertTrue(single.matches("\"[0-9a-f]{32}\""), single);
            Path singleBack = work.resolve("single.raw");
            s3.getObject(b -> b.bucket(bucket).key("exports/single.raw"), singleBack);
            assertEquals(expected, VolumeCli.sha256(singleBack));

            // A bucket that does not exist: a clear error, and nothing made.
            String missing = Fixtures.uniqueBucketName().value();
            Cli.Result noBucket = granary("export", volume + "@s1", "--to", "s3://" + missing + "/disk.raw",
                    "--part-size", "5M");
            assertEquals(1, noBucket.exitCode(), noBucket.stderr());
            assertTrue(noBucket.stderr().contains("granary volume: CreateMultipartUpload s3://" + missing
                    + "/disk.raw failed with HTTP 404 NoSuchBucket"), noBucket.stderr());
            assertThrows(NoSuchBucketException.class, () -> s3.headBucket(b -> b.bucket(missing)));

            // A part size S3 would refuse is a usage error before anything is sent.
            Cli.Result tooSmall = granary("export", volume + "@s1", "--to", "s3://" + bucket + "/small.raw",
                    "--part-size", "1M");
            assertEquals(2, tooSmall.exitCode(), tooSmall.stderr());
            assertTrue(tooSmall.stderr().contains("--part-size"), tooSmall.stderr());
            assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(bucket).key("small.raw")));
            assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(bucket)).uploads());
        }
        ok("delete-snapshot", volume + "@s1");
        ok("delete", volume);
    }

    /** The system clock, but an hour ahead for its {@code skewed}-th reading (counting from 1). */
    private static final class SkewedOnce extends Clock {
        private final int skewed;
        private final AtomicInteger readings = new AtomicInteger();

        SkewedOnce(int skewed) {
            this.skewed = skewed;
        }

        @Override
        public Instant instant() {
            Instant now = Instant.now();
            return readings.incrementAndGet() == skewed ? now.plus(Duration.ofHours(1)) : now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aPartTheGatewayRefusesAbortsTheUpload() throws Exception {
        // The command's transfer in this JVM, whose second signature (the first part's) is dated an
        // hour ahead: the gateway refuses that part as RequestTimeTooSkewed, after the upload began.
        Path file = Cli.randomFile(work, "image.raw", 12L << 20, 12);
        String bucket = Fixtures.uniqueBucketName().value();
        AccessKey admin = SharedCloud.adminKey();
        S3Transfer transfer = new S3Transfer(SharedCloud.endpoint(), admin.accessKeyId(), admin.secretKey(),
                "us-east-1", new SkewedOnce(2), 5L << 20);
        try (S3Client s3 = SdkV2ClusterTest.client(SharedCloud.endpoint(), admin)) {
            s3.createBucket(b -> b.bucket(bucket));
            IOException failure = assertThrows(IOException.class, () -> transfer.upload(file,
                    new S3Transfer.Location(bucket, "disk.raw"), new PrintStream(OutputStream.nullOutputStream())));
            assertTrue(failure.getMessage().matches("UploadPart s3://" + bucket + "/disk.raw part [123] of 3 failed "
                    + "with HTTP 403 RequestTimeTooSkewed .*; the multipart upload was aborted"), failure.getMessage());
            assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(bucket)).uploads());
            assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(bucket).key("disk.raw")));

            // The same transfer, its clock right again, uploads the file.
            assertEquals(12L << 20, transfer.upload(file, new S3Transfer.Location(bucket, "disk.raw"),
                    new PrintStream(OutputStream.nullOutputStream())));
            assertTrue(s3.headObject(b -> b.bucket(bucket).key("disk.raw")).eTag().endsWith("-3\""));
        }
    }
}
