package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The command-line clients' own multipart uploads on the real storage tier: awscli v2 with 8 MB
 * parts, and s3cmd 2.3 with its default 15 MB parts (no {@code --disable-multipart}).
 */
class MultipartCliTest {
    /** Debian's awscli v2; a different aws may come first on PATH. */
    private static final String AWS = "/usr/bin/aws";
    private static final String S3CMD = "/usr/bin/s3cmd";

    @TempDir
    Path work;

    @Test
    void awscliCopiesA40MibFileInEightMegabyteParts() throws Exception {
        Map<String, String> environment = awsEnvironment();
        String bucket = "awscli-mp-" + UUID.randomUUID().toString().substring(0, 8);
        aws(environment, "s3", "mb", "s3://" + bucket);
        Path file = Cli.randomFile(work, "up/forty.bin", 40L << 20, 5);
        aws(environment, "s3", "cp", file.toString(), "s3://" + bucket + "/big/forty.bin");

        JsonNode head = new ObjectMapper().readTree(aws(environment, "s3api", "head-object", "--bucket", bucket,
                "--key", "big/forty.bin", "--output", "json"));
        assertEquals(40L << 20, head.path("ContentLength").asLong());
        // 40 MiB in parts of 8 MB (8 MiB, as awscli reads the setting): five of them.
        assertTrue(head.path("ETag").asText().endsWith("-5\""), head.toString());
        JsonNode uploads = new ObjectMapper().readTree(aws(environment, "s3api", "list-multipart-uploads",
                "--bucket", bucket, "--output", "json"));
        assertTrue(uploads.path("Uploads").isMissingNode() || uploads.path("Uploads").isEmpty(), uploads.toString());

        Path down = work.resolve("down/forty.bin");
        Files.createDirectories(down.getParent());
        aws(environment, "s3", "cp", "s3://" + bucket + "/big/forty.bin", down.toString());
        assertTrue(Cli.sameBytes(file, down), "the 40 MiB multipart object came back different");

        aws(environment, "s3", "rm", "s3://" + bucket + "/big/forty.bin");
        aws(environment, "s3", "rb", "s3://" + bucket);
    }

    @Test
    void s3cmdPutsA20MibFileInItsDefaultParts() throws Exception {
        Path config = s3cmdConfig();
        String bucket = "s3cmd-mp-" + UUID.randomUUID().toString().substring(0, 8);
        s3cmd(config, "mb", "s3://" + bucket);
        Path file = Cli.randomFile(work, "up/twenty.bin", 20L << 20, 6);
        // Over s3cmd's 15 MB threshold: CreateMultipartUpload, two parts, CompleteMultipartUpload.
        s3cmd(config, "put", file.toString(), "s3://" + bucket + "/twenty.bin");
        String info = s3cmd(config, "info", "s3://" + bucket + "/twenty.bin");
        assertTrue(info.contains(String.valueOf(20L << 20)), info);
        try (S3Client s3 = SdkV2ClusterTest.client(SharedCloud.endpoint(), SharedCloud.key())) {
            String etag = s3.headObject(b -> b.bucket(bucket).key("twenty.bin")).eTag();
            assertTrue(etag.endsWith("-2\""), "a multipart ETag of two parts: " + etag);
        }

        Path down = work.resolve("down/twenty.bin");
        Files.createDirectories(down.getParent());
        s3cmd(config, "get", "s3://" + bucket + "/twenty.bin", down.toString());
        assertTrue(Cli.sameBytes(file, down), "the 20 MiB multipart object came back different");

        s3cmd(config, "del", "s3://" + bucket + "/twenty.bin");
        s3cmd(config, "rb", "s3://" + bucket);
    }

    private Map<String, String> awsEnvironment() throws Exception {
        AccessKey key = SharedCloud.key();
        Path config = work.resolve("aws-config");
        Files.writeString(config, """
                [default]
                region = us-east-1
                s3 =
                    multipart_threshold = 8MB
                    multipart_chunksize = 8MB
                    addressing_style = path
                """);
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", work.toString());
        environment.put("AWS_CONFIG_FILE", config.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString());
        environment.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", key.secretKey());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_PAGER", "");
        return environment;
    }

    private String aws(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(AWS, "--endpoint-url", SharedCloud.endpoint().toString()));
        command.addAll(List.of(arguments));
        return Cli.ok(command, environment, work);
    }

    private Path s3cmdConfig() throws Exception {
        AccessKey key = SharedCloud.key();
        String hostPort = SharedCloud.endpoint().getAuthority();
        Path config = work.resolve("s3cfg");
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
        return config;
    }

    private String s3cmd(Path config, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(S3CMD, "-c", config.toString(), "--no-progress"));
        command.addAll(List.of(arguments));
        return Cli.ok(command, Map.of("HOME", work.toString()), work);
    }
}
