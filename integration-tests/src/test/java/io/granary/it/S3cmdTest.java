package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.auth.AccessKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** s3cmd 2.3 (Debian's package), SigV4, path style: mb, put, ls, info, get, del, rb. */
class S3cmdTest {
    private static final String S3CMD = "/usr/bin/s3cmd";

    @TempDir
    Path work;
    private Path config;

    @BeforeEach
    void configure() throws Exception {
        AccessKey key = SharedCloud.key();
        String hostPort = SharedCloud.endpoint().getAuthority();
        config = work.resolve("s3cfg");
        Files.writeString(config, String.join("\n",
                "[default]",
                "access_key = " + key.accessKeyId(),
                "secret_key = " + key.secretKey(),
                "host_base = " + hostPort,
                "host_bucket = " + hostPort,
                "use_https = False",
                "signature_v2 = False",
                "bucket_location = us-east-1",
                ""));
    }

    @Test
    void makesPutsListsGetsDeletes() throws Exception {
        String bucket = "s3cmd-" + UUID.randomUUID().toString().substring(0, 8);
        s3cmd("mb", "s3://" + bucket);
        Path small = Cli.randomFile(work, "up/notes.txt", 54_321, 3);
        // Over s3cmd's 15 MB multipart threshold, sent as one PUT.
        Path large = Cli.randomFile(work, "up/large.bin", 20L << 20, 4);
        s3cmd("put", small.toString(), "s3://" + bucket + "/docs/notes.txt");
        s3cmd("put", "--disable-multipart", large.toString(), "s3://" + bucket + "/large.bin");

        String top = s3cmd("ls", "s3://" + bucket + "/");
        assertTrue(top.contains("DIR") && top.contains("s3://" + bucket + "/docs/"), top);
        assertTrue(top.contains("s3://" + bucket + "/large.bin"), top);
        assertTrue(s3cmd("ls", "s3://" + bucket + "/docs/").contains("s3://" + bucket + "/docs/notes.txt"));
        assertTrue(s3cmd("info", "s3://" + bucket + "/large.bin").contains(String.valueOf(20L << 20)));

        Path down = work.resolve("down");
        Files.createDirectories(down);
        s3cmd("get", "s3://" + bucket + "/docs/notes.txt", down.resolve("notes.txt").toString());
        s3cmd("get", "s3://" + bucket + "/large.bin", down.resolve("large.bin").toString());
        assertTrue(Cli.sameBytes(small, down.resolve("notes.txt")));
        assertTrue(Cli.sameBytes(large, down.resolve("large.bin")));

        s3cmd("del", "s3://" + bucket + "/docs/notes.txt");
        s3cmd("del", "s3://" + bucket + "/large.bin");
        assertFalse(s3cmd("ls", "s3://" + bucket + "/").contains("large.bin"));
        s3cmd("rb", "s3://" + bucket);
        assertFalse(s3cmd("ls").contains("s3://" + bucket));
    }

    private String s3cmd(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(S3CMD, "-c", config.toString(), "--no-progress"));
        command.addAll(List.of(arguments));
        return Cli.ok(command, Map.of("HOME", work.toString()), work);
    }
}
