package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * s3cmd 2.3 (Debian's package) beyond single objects: {@code sync} of a tree both ways and with
 * {@code --delete-removed}, {@code cp}/{@code mv}/{@code info}, {@code get --continue},
 * {@code signurl} (SigV2 presigned) fetched by a plain HTTP client, and {@code --signature-v2}.
 */
class S3cmdSyncTest {
    /** Over s3cmd's 15 MB multipart threshold: two parts. */
    private static final long LARGE = 17L << 20;

    @TempDir
    Path work;
    private S3cmd s3cmd;

    @BeforeEach
    void configure() throws Exception {
        s3cmd = S3cmd.configure(work);
    }

    @Test
    void syncsATreeUpAndDownThenDeletesRemoved() throws Exception {
        String bucket = newBucket();
        Path source = work.resolve("source");
        Cli.randomFile(source, "top.txt", 1_000, 1);
        Cli.randomFile(source, "a/b/c/deep.bin", 300_000, 2);
        Cli.randomFile(source, "a/sibling.dat", 2_000_000, 3);
        Cli.randomFile(source, "dir with spaces/file with spaces.txt", 4_321, 4);
        Cli.randomFile(source, "ünïcødé/café naïve.txt", 5_555, 5);
        Cli.randomFile(source, "日本語/ファイル.bin", 6_789, 6);
        Cli.randomFile(source, "empty/zero.bin", 0, 7);
        Cli.randomFile(source, "big/large.bin", LARGE, 8);
        String remote = "s3://" + bucket + "/tree/";

        s3cmd.ok("sync", source + "/", remote);
        assertEquals(Trees.relativeFiles(source), remoteKeys(remote));
        String info = s3cmd.ok("info", remote + "big/large.bin");
        assertTrue(info.contains(String.valueOf(LARGE)), info);

        Path down = work.resolve("down");
        Files.createDirectories(down);
        s3cmd.ok("sync", remote, down + "/");
        Trees.assertSameTrees(source, down);

        // Modify, add and delete locally, then sync with --delete-removed.
        Cli.randomFile(source, "a/sibling.dat", 2_000_123, 30);
        Cli.randomFile(source, "new/añadido.txt", 12_345, 31);
        Files.delete(source.resolve("a/b/c/deep.bin"));
        Files.delete(source.resolve("dir with spaces/file with spaces.txt"));
        String second = s3cmd.ok("sync", "--delete-removed", source + "/", remote);
        // The unchanged multipart object is recognised by the MD5 s3cmd stored in its metadata.
        assertTrue(second.contains("sibling.dat") && second.contains("añadido.txt"), second);
        assertFalse(second.contains("large.bin"), second);
        assertEquals(Trees.relativeFiles(source), remoteKeys(remote));

        Path again = work.resolve("again");
        Files.createDirectories(again);
        s3cmd.ok("sync", remote, again + "/");
        Trees.assertSameTrees(source, again);

        s3cmd.ok("del", "--recursive", "--force", "s3://" + bucket + "/");
        s3cmd.ok("rb", "s3://" + bucket);
    }

    @Test
    void copiesMovesInfoContinuesAndSignsUrls() throws Exception {
        String bucket = newBucket();
        Path original = Cli.randomFile(work, "up/original.bin", 3_000_001, 11);
        s3cmd.ok("put", original.toString(), "s3://" + bucket + "/docs/original.bin");

        s3cmd.ok("cp", "s3://" + bucket + "/docs/original.bin", "s3://" + bucket + "/copies/copy.bin");
        s3cmd.ok("mv", "s3://" + bucket + "/copies/copy.bin", "s3://" + bucket + "/moved/naïve moved.bin");
        String listing = s3cmd.ok("ls", "--recursive", "s3://" + bucket + "/");
        assertTrue(listing.contains("s3://" + bucket + "/docs/original.bin"), listing);
        assertTrue(listing.contains("s3://" + bucket + "/moved/naïve moved.bin"), listing);
        assertFalse(listing.contains("copies/copy.bin"), listing);

        String info = s3cmd.ok("info", "s3://" + bucket + "/moved/naïve moved.bin");
        assertTrue(info.contains("3000001"), info);
        assertTrue(info.contains(md5Hex(original)), info);

        Path moved = work.resolve("down/moved.bin");
        Files.createDirectories(moved.getParent());
        s3cmd.ok("get", "s3://" + bucket + "/moved/naïve moved.bin", moved.toString());
        assertTrue(Cli.sameBytes(original, moved));

        // A download cut short, resumed with a Range request.
        try (RandomAccessFile file = new RandomAccessFile(moved.toFile(), "rw")) {
            file.setLength(1_234_567);
        }
        s3cmd.ok("get", "--continue", "s3://" + bucket + "/moved/naïve moved.bin", moved.toString());
        assertTrue(Cli.sameBytes(original, moved), "get --continue did not restore the file");

        // signurl: a SigV2 presigned GET, fetched by a plain HTTP client.
        for (String key : List.of("docs/original.bin", "moved/naïve moved.bin")) {
            String url = s3cmd.ok("signurl", "s3://" + bucket + "/" + key, "+600").strip();
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(),
                    () -> url + ": " + new String(response.body(), StandardCharsets.UTF_8));
            assertArrayEquals(Files.readAllBytes(original), response.body(), url);
        }

        s3cmd.ok("del", "--recursive", "--force", "s3://" + bucket + "/");
        s3cmd.ok("rb", "s3://" + bucket);
    }

    @Test
    void signatureV2PutGetAndList() throws Exception {
        String bucket = "s3cmd-v2-" + UUID.randomUUID().toString().substring(0, 8);
        s3cmd.ok("--signature-v2", "mb", "s3://" + bucket);
        Path small = Cli.randomFile(work, "up/v2 small ü.txt", 77_777, 21);
        Path large = Cli.randomFile(work, "up/v2-large.bin", LARGE, 22);
        s3cmd.ok("--signature-v2", "put", small.toString(), "s3://" + bucket + "/v2/small ü.txt");
        s3cmd.ok("--signature-v2", "put", large.toString(), "s3://" + bucket + "/v2/large.bin");

        String top = s3cmd.ok("--signature-v2", "ls", "s3://" + bucket + "/");
        assertTrue(top.contains("DIR") && top.contains("s3://" + bucket + "/v2/"), top);
        String inside = s3cmd.ok("--signature-v2", "ls", "s3://" + bucket + "/v2/");
        assertTrue(inside.contains("s3://" + bucket + "/v2/small ü.txt"), inside);
        assertTrue(inside.contains("s3://" + bucket + "/v2/large.bin"), inside);

        Path down = work.resolve("down");
        Files.createDirectories(down);
        s3cmd.ok("--signature-v2", "get", "s3://" + bucket + "/v2/small ü.txt", down.resolve("small.txt").toString());
        s3cmd.ok("--signature-v2", "get", "s3://" + bucket + "/v2/large.bin", down.resolve("large.bin").toString());
        assertTrue(Cli.sameBytes(small, down.resolve("small.txt")));
        assertTrue(Cli.sameBytes(large, down.resolve("large.bin")));

        s3cmd.ok("--signature-v2", "del", "s3://" + bucket + "/v2/small ü.txt");
        s3cmd.ok("--signature-v2", "del", "s3://" + bucket + "/v2/large.bin");
        s3cmd.ok("--signature-v2", "rb", "s3://" + bucket);
    }

    private String newBucket() throws Exception {
        String bucket = "s3cmd-sync-" + UUID.randomUUID().toString().substring(0, 8);
        s3cmd.ok("mb", "s3://" + bucket);
        return bucket;
    }

    /** The keys under a remote prefix, relative to it, from {@code s3cmd ls --recursive}. */
    private java.util.TreeSet<String> remoteKeys(String remotePrefix) throws Exception {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        for (String line : s3cmd.ok("ls", "--recursive", remotePrefix).split("\n")) {
            int at = line.indexOf(remotePrefix);
            if (at >= 0) {
                keys.add(line.substring(at + remotePrefix.length()));
            }
        }
        return keys;
    }



    private static String md5Hex(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }

}
