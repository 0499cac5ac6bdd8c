package io.granary.it;

import io.granary.core.auth.AccessKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's s3cmd 2.3 set up for the shared cloud: SigV4, path style (no {@code %(bucket)s} in
 * {@code host_bucket}), plain HTTP, the test user's key, its config file in the test's own directory.
 */
final class S3cmd {
    static final String EXECUTABLE = "/usr/bin/s3cmd";

    private final Path work;
    private final Path config;

    private S3cmd(Path work, Path config) {
        this.work = work;
        this.config = config;
    }

    /** Writes the config file into {@code work} and returns a client using it. */
    static S3cmd configure(Path work) throws IOException {
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
        return new S3cmd(work, config);
    }

    /** Runs s3cmd and fails the test unless it exits 0; returns what it printed. */
    String ok(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(EXECUTABLE, "-c", config.toString(), "--no-progress"));
        command.addAll(List.of(arguments));
        // A UTF-8 locale: s3cmd prints the non-ASCII keys the tests look for.
        return Cli.ok(command, Map.of("HOME", work.toString(), "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8"), work);
    }
}
