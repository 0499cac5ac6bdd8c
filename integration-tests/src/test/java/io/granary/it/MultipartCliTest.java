package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Multipart uploads from the command line on the real storage tier: awscli v2's {@code s3api}
 * by hand (create, upload-part, upload-part-copy by range, list-parts and list-multipart-uploads
 * also a page at a time, complete with a JSON parts file, abort, head-object and get-object by part
 * number), and s3cmd 2.3 with its default 15 MB
 * parts (no {@code --disable-multipart}). awscli's own multipart {@code s3 cp}/{@code sync} is in
 * {@link AwsCliTest}.
 */
class MultipartCliTest {
    private static final int MIB = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void awscliS3apiUploadsListsCompletesAndAbortsByHand() throws Exception {
        AwsCli aws = AwsCli.configure(work);
        String bucket = "awscli-parts-" + UUID.randomUUID().toString().substring(0, 8);
        aws.ok("s3", "mb", "s3://" + bucket);
        String key = "by hand/object ü.bin";
        Path whole = Cli.randomFile(work, "up/whole.bin", 11L * MIB + 7, 9);
        byte[] bytes = Files.readAllBytes(whole);
        int[][] ranges = {{0, 5 * MIB}, {5 * MIB, 10 * MIB}, {10 * MIB, bytes.length}};
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < ranges.length; i++) {
            Path part = work.resolve("up/part-" + (i + 1));
            Files.write(part, Arrays.copyOfRange(bytes, ranges[i][0], ranges[i][1]));
            parts.add(part);
        }

        String uploadId = aws.json("s3api", "create-multipart-upload", "--bucket", bucket, "--key", key,
                "--content-type", "application/x-parts", "--metadata", "origin=awscli").path("UploadId").asText();
        assertFalse(uploadId.isEmpty());
        List<String> etags = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode uploaded = aws.json("s3api", "upload-part", "--bucket", bucket, "--key", key, "--upload-id", uploadId,
                    "--part-number", String.valueOf(i + 1), "--body", parts.get(i).toString());
            assertEquals("\"" + md5Hex(Files.readAllBytes(parts.get(i))) + "\"", uploaded.path("ETag").asText());
            etags.add(uploaded.path("ETag").asText());
        }

        JsonNode listed = aws.json("s3api", "list-parts", "--bucket", bucket, "--key", key, "--upload-id", uploadId);
        assertEquals(3, listed.path("Parts").size(), listed.toString());
        for (int i = 0; i < 3; i++) {
            JsonNode part = listed.path("Parts").get(i);
            assertEquals(i + 1, part.path("PartNumber").asInt());
            assertEquals(ranges[i][1] - ranges[i][0], part.path("Size").asLong());
            assertEquals(etags.get(i), part.path("ETag").asText());
        }
        // One part to a page: awscli follows NextPartNumberMarker.
        JsonNode paged = aws.json("s3api", "list-parts", "--bucket", bucket, "--key", key, "--upload-id", uploadId,
                "--page-size", "1");
        assertEquals(listed.path("Parts"), paged.path("Parts"));
        JsonNode pending = aws.json("s3api", "list-multipart-uploads", "--bucket", bucket, "--prefix", "by hand/");
        assertEquals(List.of(key + " " + uploadId), uploadsOf(pending));

        // A wrong ETag for part 2: InvalidPart, and the upload stays as it was.
        Cli.Result invalid = aws.run("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", key,
                "--upload-id", uploadId, "--multipart-upload", "file://" + partsFile(List.of(etags.get(0),
                        "\"" + "0".repeat(32) + "\"", etags.get(2))));
        assertTrue(invalid.exitCode() != 0 && invalid.stderr().contains("InvalidPart"), invalid.stderr());

        JsonNode completed = aws.json("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", key,
                "--upload-id", uploadId, "--multipart-upload", "file://" + partsFile(etags));
        String etag = completed.path("ETag").asText();
        assertEquals("\"" + md5Hex(concatenatedDigests(parts)) + "-3\"", etag);
        assertEquals(key, completed.path("Key").asText());
        assertTrue(uploadsOf(aws.json("s3api", "list-multipart-uploads", "--bucket", bucket)).isEmpty());

        JsonNode second = aws.json("s3api", "head-object", "--bucket", bucket, "--key", key, "--part-number", "2");
        assertEquals(5 * MIB, second.path("ContentLength").asLong());
        assertEquals(3, second.path("PartsCount").asInt());
        assertEquals(etag, second.path("ETag").asText());
        Cli.Result beyond = aws.run("s3api", "head-object", "--bucket", bucket, "--key", key, "--part-number", "4");
        assertTrue(beyond.exitCode() != 0 && beyond.stderr().contains("416"), beyond.stderr());
        JsonNode head = aws.json("s3api", "head-object", "--bucket", bucket, "--key", key);
        assertEquals(bytes.length, head.path("ContentLength").asLong());
        assertEquals("application/x-parts", head.path("ContentType").asText());
        assertEquals("awscli", head.path("Metadata").path("origin").asText());

        Path third = work.resolve("down/third");
        Files.createDirectories(third.getParent());
        aws.json("s3api", "get-object", "--bucket", bucket, "--key", key, "--part-number", "3", third.toString());
        assertTrue(Cli.sameBytes(parts.get(2), third), "part 3 came back different");
        Path all = work.resolve("down/all");
        aws.json("s3api", "get-object", "--bucket", bucket, "--key", key, all.toString());
        assertTrue(Cli.sameBytes(whole, all), "the completed object came back different");

        // Parts copied from the completed object by range: its last 6 MiB first, then its first 5 MiB.
        String reordered = aws.json("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "copied")
                .path("UploadId").asText();
        List<String> copiedEtags = new ArrayList<>();
        for (String range : List.of("bytes=" + (5 * MIB) + "-" + (bytes.length - 1), "bytes=0-" + (5 * MIB - 1))) {
            copiedEtags.add(aws.json("s3api", "upload-part-copy", "--bucket", bucket, "--key", "copied",
                    "--upload-id", reordered, "--part-number", String.valueOf(copiedEtags.size() + 1),
                    "--copy-source", bucket + "/" + key, "--copy-source-range", range, "--copy-source-if-match", etag)
                    .path("CopyPartResult").path("ETag").asText());
        }
        aws.json("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "copied", "--upload-id", reordered,
                "--multipart-upload", "file://" + partsFile(copiedEtags));
        Path copied = work.resolve("down/copied");
        aws.json("s3api", "get-object", "--bucket", bucket, "--key", "copied", copied.toString());
        byte[] expected = new byte[bytes.length];
        System.arraycopy(bytes, 5 * MIB, expected, 0, bytes.length - 5 * MIB);
        System.arraycopy(bytes, 0, expected, bytes.length - 5 * MIB, 5 * MIB);
        assertArrayEquals(expected, Files.readAllBytes(copied));

        // An upload abandoned: aborted, then gone from the listings and refusing parts.
        String abandoned = aws.json("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "abandoned")
                .path("UploadId").asText();
        aws.json("s3api", "upload-part", "--bucket", bucket, "--key", "abandoned", "--upload-id", abandoned,
                "--part-number", "1", "--body", parts.get(0).toString());
        String another = aws.json("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "abandoned")
                .path("UploadId").asText();
        // One upload to a page: awscli follows NextKeyMarker and NextUploadIdMarker.
        List<String> both = uploadsOf(aws.json("s3api", "list-multipart-uploads", "--bucket", bucket, "--page-size", "1"));
        assertEquals(List.of("abandoned " + abandoned, "abandoned " + another).stream().sorted().toList(),
                both.stream().sorted().toList());
        assertEquals(2, both.size(), both::toString);
        aws.ok("s3api", "abort-multipart-upload", "--bucket", bucket, "--key", "abandoned", "--upload-id", another);
        assertEquals(List.of("abandoned " + abandoned), uploadsOf(aws.json("s3api", "list-multipart-uploads",
                "--bucket", bucket)));
        aws.ok("s3api", "abort-multipart-upload", "--bucket", bucket, "--key", "abandoned", "--upload-id", abandoned);
        assertTrue(uploadsOf(aws.json("s3api", "list-multipart-uploads", "--bucket", bucket)).isEmpty());
        Cli.Result gone = aws.run("s3api", "list-parts", "--bucket", bucket, "--key", "abandoned", "--upload-id", abandoned);
        assertTrue(gone.exitCode() != 0 && gone.stderr().contains("NoSuchUpload"), gone.stderr());
        Cli.Result late = aws.run("s3api", "upload-part", "--bucket", bucket, "--key", "abandoned", "--upload-id",
                abandoned, "--part-number", "2", "--body", parts.get(2).toString());
        assertTrue(late.exitCode() != 0 && late.stderr().contains("NoSuchUpload"), late.stderr());
        Cli.Result noObject = aws.run("s3api", "head-object", "--bucket", bucket, "--key", "abandoned");
        assertTrue(noObject.exitCode() != 0 && noObject.stderr().contains("404"), noObject.stderr());

        aws.ok("s3", "rm", "--recursive", "s3://" + bucket + "/");
        aws.ok("s3", "rb", "s3://" + bucket);
    }

    @Test
    void s3cmdPutsA20MibFileInItsDefaultParts() throws Exception {
        S3cmd s3cmd = S3cmd.configure(work);
        String bucket = "s3cmd-mp-" + UUID.randomUUID().toString().substring(0, 8);
        s3cmd.ok("mb", "s3://" + bucket);
        Path file = Cli.randomFile(work, "up/twenty.bin", 20L << 20, 6);
        // Over s3cmd's 15 MB threshold: CreateMultipartUpload, two parts, CompleteMultipartUpload.
        s3cmd.ok("put", file.toString(), "s3://" + bucket + "/twenty.bin");
        String info = s3cmd.ok("info", "s3://" + bucket + "/twenty.bin");
        assertTrue(info.contains(String.valueOf(20L << 20)), info);
        try (S3Client s3 = SdkV2ClusterTest.client(SharedCloud.endpoint(), SharedCloud.key())) {
            String etag = s3.headObject(b -> b.bucket(bucket).key("twenty.bin")).eTag();
            assertTrue(etag.endsWith("-2\""), "a multipart ETag of two parts: " + etag);
        }

        Path down = work.resolve("down/twenty.bin");
        Files.createDirectories(down.getParent());
        s3cmd.ok("get", "s3://" + bucket + "/twenty.bin", down.toString());
        assertTrue(Cli.sameBytes(file, down), "the 20 MiB multipart object came back different");

        s3cmd.ok("del", "s3://" + bucket + "/twenty.bin");
        s3cmd.ok("rb", "s3://" + bucket);
    }

    /** The {@code --multipart-upload} document for these part ETags, numbered from 1, as a file. */
    private Path partsFile(List<String> etags) throws Exception {
        ObjectNode document = JSON.createObjectNode();
        ArrayNode list = document.putArray("Parts");
        for (int i = 0; i < etags.size(); i++) {
            list.addObject().put("PartNumber", i + 1).put("ETag", etags.get(i));
        }
        Path file = Files.createTempFile(work, "parts", ".json");
        JSON.writeValue(file.toFile(), document);
        return file;
    }

    /** "key uploadId" for each upload in a list-multipart-uploads answer. */
    private static List<String> uploadsOf(JsonNode listing) {
        List<String> uploads = new ArrayList<>();
        listing.path("Uploads").forEach(u -> uploads.add(u.path("Key").asText() + " " + u.path("UploadId").asText()));
        return uploads;
    }

    private static byte[] concatenatedDigests(List<Path> parts) throws Exception {
        java.io.ByteArrayOutputStream digests = new java.io.ByteArrayOutputStream();
        for (Path part : parts) {
            digests.write(HexFormat.of().parseHex(md5Hex(Files.readAllBytes(part))));
        }
        return digests.toByteArray();
    }

    private static String md5Hex(byte[] data) {
        return SdkV2AsyncClusterTest.md5Hex(data);
    }
}
