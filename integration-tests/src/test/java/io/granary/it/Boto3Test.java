package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.auth.AccessKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto3 (Debian's python3-boto3) against the gateway on the real storage tier, driven by
 * {@code boto3/boto3_suite.py}: upload_file/download_file with parallel 8 MiB multipart parts,
 * generate_presigned_post and a browser-style POST, a presigned GET, paginated listings of 2,500
 * keys with ListObjectsV2 and ListObjects, delete_objects in pages of 1000, and the bucket's
 * deletion.
 */
class Boto3Test {
    /** Debian's interpreter, which has python3-boto3; another python3 may come first on PATH. */
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path work;

    @Test
    void suitePasses() throws Exception {
        AccessKey key = SharedCloud.key();
        Path script = Path.of(Boto3Test.class.getResource("/boto3/boto3_suite.py").toURI());
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", work.toString());
        environment.put("AWS_CONFIG_FILE", work.resolve("no-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString());
        environment.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", key.secretKey());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        environment.put("PYTHONUNBUFFERED", "1");
        // The gateway is on loopback: no proxy from the CI environment may stand in between.
        environment.put("no_proxy", "*");
        environment.put("NO_PROXY", "*");
        List<String> command = List.of(PYTHON, script.toString(), SharedCloud.endpoint().toString(), work.toString());
        Cli.Result result = Cli.run(command, environment, work, Duration.ofMinutes(5));
        assertEquals(0, result.exitCode(), () -> "stdout: " + result.stdout() + "\nstderr: " + result.stderr());
        String[] lines = result.stdout().strip().split("\n");
        assertTrue(lines[lines.length - 1].equals("BOTO3 OK"), result.stdout());
    }
}
