package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.granary.core.auth.AccessKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * awscli v2 (Debian's package) against the gateway on the real storage tier: mb, cp of a 100 MiB
 * file up and down (one PUT: the multipart threshold is set above it until multipart exists),
 * ls, list-objects-v2 with a delimiter, rm and rb.
 */
class AwsCliTest {
    /** Debian's awscli v2; a different aws may come first on PATH. */
    private static final String AWS = "/usr/bin/aws";

    @TempDir
    Path work;
    private Map<String, String> environment;

    @BeforeEach
    void configure() throws Exception {
        AccessKey key = SharedCloud.key();
        Path config = work.resolve("aws-config");
        Files.writeString(config, """
                [default]
                region = us-east-1
                s3 =
                    multipart_threshold = 200MB
                    addressing_style = path
                """);
        environment = new HashMap<>();
        environment.put("HOME", work.toString());
        environment.put("AWS_CONFIG_FILE", config.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString());
        environment.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", key.secretKey());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_PAGER", "");
    }

    @Test
    void makesCopiesListsAndRemoves() throws Exception {
        String bucket = "awscli-" + UUID.randomUUID().toString().substring(0, 8);
        aws("s3", "mb", "s3://" + bucket);

        Path big = Cli.randomFile(work, "up/big.bin", 100L << 20, 1);
        Path small = Cli.randomFile(work, "up/dir/small file+name.txt", 12_345, 2);
        aws("s3", "cp", big.toString(), "s3://" + bucket + "/big.bin");
        aws("s3", "cp", small.toString(), "s3://" + bucket + "/dir/small file+name.txt");

        String listing = aws("s3", "ls", "s3://" + bucket + "/");
        assertTrue(listing.contains("big.bin"), listing);
        assertTrue(listing.contains("PRE dir/"), listing);
        assertTrue(aws("s3", "ls", "s3://" + bucket + "/dir/").contains("small file+name.txt"));

        JsonNode page = new ObjectMapper().readTree(aws("s3api", "list-objects-v2", "--bucket", bucket,
                "--delimiter", "/", "--output", "json"));
        List<String> keys = new ArrayList<>();
        page.path("Contents").forEach(c -> keys.add(c.path("Key").asText()));
        List<String> prefixes = new ArrayList<>();
        page.path("CommonPrefixes").forEach(p -> prefixes.add(p.path("Prefix").asText()));
        assertEquals(List.of("big.bin"), keys);
        assertEquals(List.of("dir/"), prefixes);
        assertEquals(100L << 20, page.path("Contents").get(0).path("Size").asLong());

        Path down = work.resolve("down");
        Files.createDirectories(down);
        aws("s3", "cp", "s3://" + bucket + "/big.bin", down.resolve("big.bin").toString());
        aws("s3", "cp", "s3://" + bucket + "/dir/small file+name.txt", down.resolve("small.txt").toString());
        assertTrue(Cli.sameBytes(big, down.resolve("big.bin")), "100 MiB object came back different");
        assertTrue(Cli.sameBytes(small, down.resolve("small.txt")));

        aws("s3", "rm", "s3://" + bucket + "/big.bin");
        aws("s3", "rm", "--recursive", "s3://" + bucket + "/dir/");
        assertFalse(aws("s3", "ls", "s3://" + bucket + "/").contains("big.bin"));
        aws("s3", "rb", "s3://" + bucket);
        assertFalse(aws("s3", "ls").contains(bucket));
    }

    private String aws(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(AWS, "--endpoint-url", SharedCloud.endpoint().toString()));
        command.addAll(List.of(arguments));
        return Cli.ok(command, environment, work);
    }
}
