package io.granary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.granary.core.auth.AccessKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's awscli v2 set up for the shared cloud: path style, region us-east-1, the test user's
 * key in the environment, and nothing read from the home directory of whoever runs the tests.
 * Each instance keeps its config file and scratch output in the test's own directory.
 */
final class AwsCli {
    /** Debian's awscli v2, by its full path: a different {@code aws} (a pyenv shim) may come first on PATH. */
    static final String EXECUTABLE = "/usr/bin/aws";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final Map<String, String> environment;

    private AwsCli(Path work, Map<String, String> environment) {
        this.work = work;
        this.environment = environment;
    }

    /**
     * Writes the config file into {@code work} and returns a client using it.
     *
     * @param s3Settings lines of awscli's nested {@code s3} settings besides the addressing style,
     *                   such as {@code "multipart_chunksize = 8MB"}
     */
    static AwsCli configure(Path work, String... s3Settings) throws IOException {
        StringBuilder config = new StringBuilder("[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n");
        for (String setting : s3Settings) {
            config.append("    ").append(setting).append('\n');
        }
        Path file = work.resolve("aws-config");
        Files.writeString(file, config);
        AccessKey key = SharedCloud.key();
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", work.toString());
        environment.put("AWS_CONFIG_FILE", file.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString());
        environment.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", key.secretKey());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_PAGER", "");
        return new AwsCli(work, environment);
    }

    /** The full command line for these arguments, against the shared cloud's endpoint. */
    List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(EXECUTABLE, "--endpoint-url", SharedCloud.endpoint().toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Runs awscli and fails the test unless it exits 0; returns what it printed. */
    String ok(String... arguments) throws Exception {
        return Cli.ok(command(arguments), environment, work);
    }

    /** Runs awscli with {@code --output json} and fails the test unless it exits 0; returns the parsed output. */
    JsonNode json(String... arguments) throws Exception {
        List<String> withOutput = new ArrayList<>(List.of(arguments));
        withOutput.addAll(List.of("--output", "json"));
        String printed = ok(withOutput.toArray(String[]::new));
        return printed.isBlank() ? JSON.createObjectNode() : JSON.readTree(printed);
    }

    /**
     * Runs awscli with {@code input} as its standard input and its standard output written to
     * {@code output}, for {@code s3 cp -}; fails the test unless it exits 0.
     */
    void piped(Path input, Path output, String... arguments) throws Exception {
        Cli.piped(command(arguments), environment, work, input, output);
    }

    /** Runs awscli whatever its exit code, for the failures a test expects. */
    Cli.Result run(String... arguments) throws Exception {
        return Cli.run(command(arguments), environment, work, Duration.ofMinutes(2));
    }
}
