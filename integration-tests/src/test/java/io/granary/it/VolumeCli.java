package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.core.auth.AccessKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code granary volume …} as its own process against the shared cloud (admin API, NBD server and
 * S3 gateway, signed with the admin key), run in a working directory of the test's.
 */
final class VolumeCli {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path work;

    VolumeCli(Path work) {
        this.work = work;
    }

    Cli.Result run(String... words) throws Exception {
        AccessKey admin = SharedCloud.adminKey();
        List<String> args = new ArrayList<>(List.of("volume", "--endpoint", SharedCloud.adminEndpoint().toString(),
                "--access-key", admin.accessKeyId(), "--secret-key", admin.secretKey(),
                "--nbd", SharedCloud.nbdEndpoint().toString(), "--s3", SharedCloud.endpoint().toString()));
        args.addAll(List.of(words));
        return Cli.run(GranaryCommand.of(args.toArray(String[]::new)), Map.of(), work, TIMEOUT);
    }

    /** Runs the command and asserts its exit status. */
    Cli.Result exits(int status, String... words) throws Exception {
        Cli.Result result = run(words);
        assertEquals(status, result.exitCode(), () -> String.join(" ", words) + "\n" + result.stdout() + result.stderr());
        return result;
    }

    /** The SHA-256 of the first {@code length} bytes of {@code file}, in hex. */
    static String sha256(Path file, long length) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            long left = length;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of the whole of {@code file}, in hex. */
    static String sha256(Path file) throws Exception {
        return sha256(file, Files.size(file));
    }
}
