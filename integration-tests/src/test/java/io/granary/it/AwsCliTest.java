package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * awscli v2 (Debian's package) against the gateway on the real storage tier: {@code s3 mb/ls/rb},
 * {@code s3 cp --recursive}, {@code s3 sync} both ways (with {@code --delete}) and
 * {@code s3 rm --recursive} of a tree holding a 200 MiB file (multipart in awscli's default 8 MiB
 * parts), {@code s3api list-objects-v2} with a delimiter, and
 * {@code s3 cp -} from standard input (multipart of unknown size) and to standard output,
 * {@code s3api get-object --range}, listings paged by {@code --page-size}/{@code --max-items}/
 * {@code --starting-token}, and {@code s3 presign} fetched by a plain HTTP client, expired and
 * tampered URLs refused.
 */
class AwsCliTest {
    private static final long MIB = 1L << 20;
    /** 200 MiB: 25 parts of awscli's default 8 MiB chunk size. */
    private static final long LARGE = 200 * MIB;

    @TempDir
    Path work;
    private AwsCli aws;

    @BeforeEach
    void configure() throws Exception {
        aws = AwsCli.configure(work);
    }

    @Test
    void copiesSyncsListsAndRemovesATreeWithA200MibFile() throws Exception {
        String bucket = "awscli-" + UUID.randomUUID().toString().substring(0, 8);
        aws.ok("s3", "mb", "s3://" + bucket);
        Path source = work.resolve("source");
        Path large = Cli.randomFile(source, "big/two-hundred.bin", LARGE, 1);
        Cli.randomFile(source, "top.txt", 1_000, 2);
        Cli.randomFile(source, "dir/small file+name.txt", 12_345, 3);
        Cli.randomFile(source, "dir/nested/deep.bin", 300_000, 4);
        Cli.randomFile(source, "ünïcødé/café.txt", 5_555, 5);
        Cli.randomFile(source, "empty/zero.bin", 0, 6);
        String remote = "s3://" + bucket + "/tree/";

        aws.ok("s3", "cp", "--recursive", source.toString(), remote);
        assertEquals(Trees.relativeFiles(source), remoteKeys(bucket, "tree/"));
        JsonNode head = aws.json("s3api", "head-object", "--bucket", bucket, "--key", "tree/big/two-hundred.bin");
        assertEquals(LARGE, head.path("ContentLength").asLong());
        assertTrue(head.path("ETag").asText().endsWith("-25\""), head.toString());
        JsonNode uploads = aws.json("s3api", "list-multipart-uploads", "--bucket", bucket);
        assertTrue(uploads.path("Uploads").isEmpty(), uploads.toString());

        String top = aws.ok("s3", "ls", remote);
        assertTrue(top.contains("top.txt") && top.contains("PRE big/") && top.contains("PRE dir/"), top);
        JsonNode page = aws.json("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "tree/dir/",
                "--delimiter", "/");
        List<String> keys = new ArrayList<>();
        page.path("Contents").forEach(c -> keys.add(c.path("Key").asText()));
        List<String> prefixes = new ArrayList<>();
        page.path("CommonPrefixes").forEach(p -> prefixes.add(p.path("Prefix").asText()));
        assertEquals(List.of("tree/dir/small file+name.txt"), keys);
        assertEquals(List.of("tree/dir/nested/"), prefixes);

        Path down = work.resolve("down");
        aws.ok("s3", "sync", remote, down.toString());
        Trees.assertSameTrees(source, down);

        // Change, add and remove locally; sync sends only what changed and deletes what is gone.
        Cli.randomFile(source, "dir/small file+name.txt", 23_456, 30);
        Cli.randomFile(source, "new/añadido.txt", 777, 31);
        Files.delete(source.resolve("dir/nested/deep.bin"));
        String second = aws.ok("s3", "sync", "--delete", source.toString(), remote);
        assertTrue(second.contains("small file+name.txt") && second.contains("añadido.txt")
                && second.contains("delete: " + remote + "dir/nested/deep.bin"), second);
        assertFalse(second.contains("two-hundred.bin"), second);
        assertEquals(Trees.relativeFiles(source), remoteKeys(bucket, "tree/"));

        // And back down: the 200 MiB file is already there, only the changes travel.
        String back = aws.ok("s3", "sync", "--delete", remote, down.toString());
        assertFalse(back.contains("two-hundred.bin"), back);
        Trees.assertSameTrees(source, down);

        String removed = aws.ok("s3", "rm", "--recursive", remote);
        assertTrue(removed.contains("delete: " + remote + "big/two-hundred.bin"), removed);
        assertEquals(new TreeSet<String>(), remoteKeys(bucket, ""));
        aws.ok("s3", "rb", "s3://" + bucket);
        assertFalse(aws.ok("s3", "ls").contains(bucket));
    }

    @Test
    void presignedUrlsServePlainHttpUntilTheyExpireAndRefuseTampering() throws Exception {
        String bucket = "awscli-presign-" + UUID.randomUUID().toString().substring(0, 8);
        aws.ok("s3", "mb", "s3://" + bucket);
        Path file = Cli.randomFile(work, "up/shared file.bin", 2 * MIB + 3, 7);
        aws.ok("s3", "cp", file.toString(), "s3://" + bucket + "/shared/shared file.bin");

        String url = aws.ok("s3", "presign", "s3://" + bucket + "/shared/shared file.bin", "--expires-in", "600").strip();
        assertTrue(url.contains("X-Amz-Signature="), url);
        HttpResponse<byte[]> fetched = get(url);
        assertEquals(200, fetched.statusCode(), () -> body(fetched));
        assertArrayEquals(Files.readAllBytes(file), fetched.body());

        // Another key, a longer validity or a changed signature: each breaks the signature.
        for (String tampered : List.of(url.replace("shared%20file.bin", "other.bin"),
                url.replace("X-Amz-Expires=600", "X-Amz-Expires=6000"),
                url.replaceFirst("X-Amz-Signature=[0-9a-f]", "X-Amz-Signature=" + (url.contains("X-Amz-Signature=0") ? "1" : "0")))) {
            assertTrue(!tampered.equals(url), tampered);
            HttpResponse<byte[]> refused = get(tampered);
            assertEquals(403, refused.statusCode(), () -> tampered + ": " + body(refused));
            assertTrue(body(refused).contains("<Code>SignatureDoesNotMatch</Code>"), () -> body(refused));
        }

        // Valid for one second: refused once that second is over (polled, on a small object).
        Path tiny = Cli.randomFile(work, "up/tiny.txt", 10, 8);
        aws.ok("s3", "cp", tiny.toString(), "s3://" + bucket + "/shared/tiny.txt");
        String shortLived = aws.ok("s3", "presign", "s3://" + bucket + "/shared/tiny.txt", "--expires-in", "1").strip();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<byte[]> expired = get(shortLived);
        while (expired.statusCode() == 200 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            expired = get(shortLived);
        }
        HttpResponse<byte[]> last = expired;
        assertEquals(403, last.statusCode(), () -> body(last));
        assertTrue(body(last).contains("<Code>AccessDenied</Code>") && body(last).contains("Request has expired"),
                () -> body(last));

        aws.ok("s3", "rm", "--recursive", "s3://" + bucket + "/");
        aws.ok("s3", "rb", "s3://" + bucket);
    }

    @Test
    void streamsThroughPipesPaginatesAndReadsRanges() throws Exception {
        String bucket = "awscli-pipes-" + UUID.randomUUID().toString().substring(0, 8);
        aws.ok("s3", "mb", "s3://" + bucket);
        // From standard input the size is unknown: awscli reads 8 MiB parts as they come.
        Path streamed = Cli.randomFile(work, "up/streamed.bin", 20 * MIB + 11, 9);
        Path nothing = Cli.randomFile(work, "up/nothing", 0, 10);
        aws.piped(streamed, work.resolve("upload-output.txt"), "s3", "cp", "-", "s3://" + bucket + "/streams/piped.bin");
        JsonNode head = aws.json("s3api", "head-object", "--bucket", bucket, "--key", "streams/piped.bin");
        assertEquals(20 * MIB + 11, head.path("ContentLength").asLong());
        assertTrue(head.path("ETag").asText().endsWith("-3\""), head.toString());
        Path out = work.resolve("down/piped.bin");
        Files.createDirectories(out.getParent());
        aws.piped(nothing, out, "s3", "cp", "s3://" + bucket + "/streams/piped.bin", "-");
        assertTrue(Cli.sameBytes(streamed, out), "the object streamed to standard output came back different");

        Path ranged = work.resolve("down/ranged.bin");
        JsonNode range = aws.json("s3api", "get-object", "--bucket", bucket, "--key", "streams/piped.bin",
                "--range", "bytes=8388600-8388711", ranged.toString());
        assertEquals("bytes 8388600-8388711/" + (20 * MIB + 11), range.path("ContentRange").asText());
        byte[] all = Files.readAllBytes(streamed);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 8_388_600, 8_388_712), Files.readAllBytes(ranged));

        // 23 keys listed 5 to a request, and 10 to a call with the next token handed back.
        Path many = work.resolve("many");
        for (int i = 0; i < 23; i++) {
            Cli.randomFile(many, String.valueOf((char) ('a' + i)), i, i);
        }
        aws.ok("s3", "sync", many.toString(), "s3://" + bucket + "/many/");
        TreeSet<String> paged = new TreeSet<>();
        aws.json("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "many/", "--page-size", "5")
                .path("Contents").forEach(c -> paged.add(c.path("Key").asText()));
        assertEquals(23, paged.size(), paged::toString);
        JsonNode first = aws.json("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "many/", "--max-items", "10");
        assertEquals(10, first.path("Contents").size());
        String token = first.path("NextToken").asText();
        assertFalse(token.isEmpty(), first.toString());
        JsonNode rest = aws.json("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "many/",
                "--starting-token", token);
        assertEquals(13, rest.path("Contents").size());
        assertEquals("many/k", rest.path("Contents").get(0).path("Key").asText());
        String summary = aws.ok("s3", "ls", "--recursive", "--summarize", "s3://" + bucket + "/");
        assertTrue(summary.contains("Total Objects: 24"), summary);

        aws.ok("s3", "rm", "--recursive", "s3://" + bucket + "/");
        aws.ok("s3", "rb", "s3://" + bucket);
    }

    /** The keys under {@code prefix}, relative to it, from the paginated {@code s3api list-objects-v2}. */
    private TreeSet<String> remoteKeys(String bucket, String prefix) throws Exception {
        TreeSet<String> keys = new TreeSet<>();
        JsonNode listing = aws.json("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", prefix);
        listing.path("Contents").forEach(c -> keys.add(c.path("Key").asText().substring(prefix.length())));
        return keys;
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(1))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
