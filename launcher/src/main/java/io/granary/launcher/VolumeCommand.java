package io.granary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.granary.launcher.admin.AdminClient;
import io.granary.launcher.admin.AdminException;
import io.granary.launcher.transfer.PartPlan;
import io.granary.launcher.transfer.QemuImg;
import io.granary.launcher.transfer.S3Transfer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code granary volume ...}: block volumes through the admin API of the running services (the
 * process that serves them over NBD), and disk image import and export through qemu-img over NBD.
 * Output is one line per record of {@code key=value} fields; exit status 0 on success, 1 on failure
 * (the message on standard error), 2 on a usage error.
 */
final class VolumeCommand {
    static final String USAGE = """
            usage: granary volume [CONNECTION] COMMAND
              create NAME --size SIZE            create an empty volume (SIZE in bytes, or with K, M, G, T)
              list                               list volumes
              info NAME                          a volume, its snapshot count, the space it takes and
                                                 what the collector reclaimed
              resize NAME --size SIZE            grow a volume
              delete NAME                        delete a volume (refused while attached or cloned)
              snapshot NAME SNAPSHOT             take a snapshot
              snapshots NAME                     list a volume's snapshots
              delete-snapshot NAME@SNAPSHOT      delete a snapshot (refused while cloned)
              clone NAME@SNAPSHOT NEW [--size SIZE]   a writable volume over a snapshot, copying nothing
              flatten NAME                       copy a clone's parent data in and drop the link
              import NAME --from FILE|s3://BUCKET/KEY [--format raw|qcow2] [--size SIZE]
              export NAME@SNAPSHOT --to FILE|s3://BUCKET/KEY [--part-size SIZE]
                                                 to S3, images larger than the part size (default 64M,
                                                 5M to 5G) go as a multipart upload of parts of that
                                                 size, doubled as often as needed to stay within
                                                 10,000 parts
            CONNECTION: --data DIR (a local cloud; default ./data), or --conf DIR or --endpoint URL, with
              --access-key KEY --secret-key SECRET, and for import/export --nbd nbd://HOST:PORT, --s3 URL,
              --region REGION (from --conf they default to its settings)""";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)(?:I?B)?");

    /** Where the services are and the admin key to reach them with. */
    record Connection(URI admin, String accessKey, String secretKey, URI nbd, URI s3, String region) {
    }

    private VolumeCommand() {
    }

    static int run(Path home, String[] args, PrintStream out, PrintStream err) {
        try {
            return parseAndRun(args, out, err);
        } catch (Arguments.UsageException e) {
            err.println("granary volume: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static int parseAndRun(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments = Arguments.parse(args);
        if (arguments.positional().isEmpty() || arguments.positional().get(0).equals("help")) {
            err.println(USAGE);
            return 2;
        }
        Connection connection;
        try {
            connection = connection(arguments);
        } catch (IOException e) {
            err.println("granary volume: " + e.getMessage());
            return 1;
        }
        List<String> words = arguments.positional();
        Map<String, String> options = new LinkedHashMap<>();
        for (String name : List.of("size", "from", "to", "format", "part-size")) {
            if (arguments.has(name)) {
                options.put(name, arguments.option(name, null));
            }
        }
        arguments.refuseOthers();
        AdminClient client = new AdminClient(connection.admin(), connection.accessKey(), connection.secretKey(),
                Clock.systemUTC());
        try {
            return execute(words, options, connection, client, out, err);
        } catch (AdminException e) {
            err.println("granary volume: " + e.code() + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("granary volume: " + e.getMessage());
            return 1;
        }
    }

    private static int execute(List<String> words, Map<String, String> options, Connection connection,
            AdminClient client, PrintStream out, PrintStream err) throws IOException {
        String command = words.get(0);
        List<String> operands = words.subList(1, words.size());
        if (options.containsKey("part-size") && !command.equals("export")) {
            throw new Arguments.UsageException("--part-size is for volume export");
        }
        switch (command) {
            case "list" -> {
                operands(operands, 0, command);
                for (JsonNode volume : client.call("GET", "/v1/volumes", null).get("volumes")) {
                    out.println(volumeLine(volume));
                }
            }
            case "create" -> {
                operands(operands, 1, command);
                long size = parseSize(required(options, "size", command));
                out.println(volumeLine(client.call("POST", "/v1/volumes", Map.of("name", operands.get(0), "size", size))));
            }
            case "info" -> {
                operands(operands, 1, command);
                out.println(infoLine(client.call("GET", volumePath(operands.get(0)), null)));
            }
            case "resize" -> {
                operands(operands, 1, command);
                long size = parseSize(required(options, "size", command));
                out.println(volumeLine(client.call("POST", volumePath(operands.get(0)) + "/resize", Map.of("size", size))));
            }
            case "delete" -> {
                operands(operands, 1, command);
                client.call("DELETE", volumePath(operands.get(0)), null);
                out.println("deleted=" + operands.get(0));
            }
            case "snapshot" -> {
                operands(operands, 2, command);
                out.println(snapshotLine(client.call("POST", volumePath(operands.get(0)) + "/snapshots",
                        Map.of("name", operands.get(1)))));
            }
            case "snapshots" -> {
                operands(operands, 1, command);
                for (JsonNode snapshot : client.call("GET", volumePath(operands.get(0)) + "/snapshots", null)
                        .get("snapshots")) {
                    out.println(snapshotLine(snapshot));
                }
            }
            case "delete-snapshot" -> {
                operands(operands, 1, command);
                String[] snapshot = snapshotName(operands.get(0));
                client.call("DELETE", snapshotPath(snapshot), null);
                out.println("deleted=" + operands.get(0));
            }
            case "clone" -> {
                operands(operands, 2, command);
                String[] snapshot = snapshotName(operands.get(0));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", operands.get(1));
                if (options.containsKey("size")) {
                    body.put("size", parseSize(options.get("size")));
                }
                out.println(volumeLine(client.call("POST", snapshotPath(snapshot) + "/clone", body)));
            }
            case "flatten" -> {
                operands(operands, 1, command);
                out.println(infoLine(client.call("POST", volumePath(operands.get(0)) + "/flatten", null)));
            }
            case "import" -> {
                operands(operands, 1, command);
                return importImage(operands.get(0), options, connection, client, out, err);
            }
            case "export" -> {
                operands(operands, 1, command);
                Long partSize = options.containsKey("part-size") ? parseSize(options.get("part-size")) : null;
                return exportSnapshot(operands.get(0), required(options, "to", command), partSize, connection, client,
                        out, err);
            }
            default -> throw new Arguments.UsageException("unknown volume command: " + command);
        }
        return 0;
    }

    private static int importImage(String name, Map<String, String> options, Connection connection,
            AdminClient client, PrintStream out, PrintStream err) throws IOException {
        String from = required(options, "from", "import");
        String format = options.get("format");
        if (format != null && !format.equals("raw") && !format.equals("qcow2")) {
            throw new Arguments.UsageException("--format is raw or qcow2, not " + format);
        }
        Long size = options.containsKey("size") ? parseSize(options.get("size")) : null;
        URI nbd = require(connection.nbd(), "--nbd");
        QemuImg.requireInstalled();
        Path temporary = null;
        try {
            Path source;
            if (from.startsWith("s3://")) {
                S3Transfer.Location location = location(from);
                temporary = Files.createTempFile("granary-import-", ".img");
                transfer(connection).download(location, temporary, err);
                source = temporary;
            } else {
                source = Path.of(from);
                if (!Files.isRegularFile(source)) {
                    throw new IOException("no such file: " + from);
                }
            }
            QemuImg.ImageInfo image = QemuImg.info(source.toString(), format);
            if (!image.format().equals("raw") && !image.format().equals("qcow2")) {
                throw new IOException(from + " is a " + image.format() + " image; raw and qcow2 can be imported");
            }
            if (image.backed()) {
                // A backing file would pull some other file of this machine into the volume.
                throw new IOException(from + " has a backing file; import a self-contained image");
            }
            long volumeSize = size != null ? size : image.virtualSize();
            if (volumeSize < image.virtualSize()) {
                throw new IOException("--size " + volumeSize + " is smaller than the image (" + image.virtualSize()
                        + " bytes)");
            }
            client.call("POST", "/v1/volumes", Map.of("name", name, "size", volumeSize));
            try {
                QemuImg.convert(List.of("-n", "-f", image.format(), "-O", "raw", source.toString(), nbd + "/" + name),
                        err);
            } catch (IOException e) {
                try {
                    client.call("DELETE", volumePath(name), null);
                } catch (IOException | AdminException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            out.println("imported=" + name + " size=" + volumeSize + " format=" + image.format() + " from=" + from);
            return 0;
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private static int exportSnapshot(String snapshot, String to, Long partSize, Connection connection,
            AdminClient client, PrintStream out, PrintStream err) throws IOException {
        String[] names = snapshotName(snapshot);
        URI nbd = require(connection.nbd(), "--nbd");
        S3Transfer.Location location = to.startsWith("s3://") ? location(to) : null;
        if (partSize != null && location == null) {
            throw new Arguments.UsageException("--part-size is for an export to s3://");
        }
        S3Transfer transfer = location == null ? null : transfer(connection, partSize);
        boolean exists = false;
        for (JsonNode known : client.call("GET", volumePath(names[0]) + "/snapshots", null).get("snapshots")) {
            exists |= known.get("name").asText().equals(names[1]);
        }
        if (!exists) {
            throw new AdminException(404, "NotFound", "no snapshot " + snapshot);
        }
        QemuImg.requireInstalled();
        Path target = location != null ? Files.createTempFile("granary-export-", ".img") : Path.of(to);
        try {
            QemuImg.convert(List.of("-f", "raw", "-O", "raw", nbd + "/" + snapshot, target.toString()), err);
            long size = Files.size(target);
            if (location != null) {
                transfer.upload(target, location, err);
            }
            out.println("exported=" + snapshot + " size=" + size + " to=" + to);
            return 0;
        } finally {
            if (location != null) {
                Files.deleteIfExists(target);
            }
        }
    }

    /** Bytes, or a whole number with K, M, G or T (powers of 1024), such as {@code 10G}. */
    static long parseSize(String text) {
        Matcher matcher = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new Arguments.UsageException("not a size: " + text + " (bytes, or a number with K, M, G or T)");
        }
        int shift = switch (matcher.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        try {
            long value = Long.parseLong(matcher.group(1));
            if (value > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new Arguments.UsageException("size too large: " + text);
        }
    }

    static String volumeLine(JsonNode volume) {
        JsonNode parent = volume.get("parent");
        return "name=" + volume.get("name").asText() + " size=" + volume.get("size").asLong() + " state="
                + volume.get("state").asText() + " parent=" + (parent == null || parent.isNull() ? "-" : parent.asText())
                + " created=" + volume.get("created").asText();
    }

    /**
     * A volume's info line. The collector's figures follow only once it has run on the volume in
     * the serving process, so the line of a volume it never touched reads as before.
     */
    static String infoLine(JsonNode volume) {
        String line = volumeLine(volume) + " snapshots=" + volume.get("snapshots").asInt() + " live_bytes="
                + volume.get("liveBytes").asLong() + " stored_bytes=" + volume.get("storedBytes").asLong()
                + " dead_bytes=" + volume.get("deadBytes").asLong();
        long collections = volume.path("collections").asLong();
        if (collections == 0) {
            return line;
        }
        return line + " collections=" + collections + " collection_failures="
                + volume.path("collectionFailures").asLong() + " collected_segments="
                + volume.path("collectedSegments").asLong() + " reclaimed_bytes="
                + volume.path("reclaimedBytes").asLong() + " last_collection="
                + (volume.hasNonNull("lastCollection") ? volume.get("lastCollection").asText() : "-");
    }

    static String snapshotLine(JsonNode snapshot) {
        return "volume=" + snapshot.get("volume").asText() + " name=" + snapshot.get("name").asText() + " size="
                + snapshot.get("size").asLong() + " created=" + snapshot.get("created").asText();
    }

    private static Connection connection(Arguments arguments) throws IOException {
        URI admin;
        String accessKey = arguments.option("access-key", null);
        String secretKey = arguments.option("secret-key", null);
        URI nbd = null;
        URI s3 = null;
        String region = "us-east-1";
        if (arguments.has("endpoint") || arguments.has("conf")) {
            if (arguments.has("endpoint")) {
                admin = URI.create(arguments.option("endpoint", null));
            } else {
                GranaryConfig config = GranaryConfig.load(Path.of(arguments.option("conf", null)));
                admin = URI.create("http://" + config.adminHost() + ":" + config.adminPort());
                nbd = URI.create("nbd://" + config.nbdHost() + ":" + config.nbdPort());
                s3 = URI.create("http://" + config.s3Host() + ":" + config.s3Port());
                region = config.region();
            }
            if (accessKey == null || secretKey == null) {
                throw new Arguments.UsageException("--access-key and --secret-key are needed with --endpoint or --conf");
            }
        } else {
            Path data = Path.of(arguments.option("data", "data"));
            Properties endpoints = properties(data.resolve(LocalCloud.SERVICE_ENDPOINTS_FILE),
                    "no local cloud has run in " + data);
            admin = URI.create(endpoints.getProperty("admin"));
            nbd = URI.create(endpoints.getProperty("nbd"));
            s3 = URI.create(endpoints.getProperty("s3"));
            if (accessKey == null || secretKey == null) {
                Properties credentials = properties(data.resolve(LocalCloud.ADMIN_CREDENTIALS_FILE),
                        "no admin key in " + data);
                accessKey = credentials.getProperty("access_key");
                secretKey = credentials.getProperty("secret_key");
            }
        }
        if (arguments.has("nbd")) {
            nbd = URI.create(arguments.option("nbd", null));
        }
        if (arguments.has("s3")) {
            s3 = URI.create(arguments.option("s3", null));
        }
        region = arguments.option("region", region);
        return new Connection(admin, accessKey, secretKey, nbd, s3, region);
    }

    private static Properties properties(Path file, String missing) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(missing + " (no " + file.getFileName() + ")");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static S3Transfer transfer(Connection connection) {
        return transfer(connection, null);
    }

    /** A transfer with {@code partSize}, or the default part size if it is null. */
    private static S3Transfer transfer(Connection connection, Long partSize) {
        try {
            return new S3Transfer(require(connection.s3(), "--s3"), connection.accessKey(), connection.secretKey(),
                    connection.region(), Clock.systemUTC(),
                    partSize != null ? partSize : PartPlan.DEFAULT_PART_SIZE);
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageException("--part-size: " + e.getMessage());
        }
    }

    private static S3Transfer.Location location(String url) {
        try {
            return S3Transfer.Location.parse(url);
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageException(e.getMessage());
        }
    }

    private static URI require(URI endpoint, String option) {
        if (endpoint == null) {
            throw new Arguments.UsageException(option + " is needed for this command");
        }
        return endpoint;
    }

    private static void operands(List<String> operands, int count, String command) {
        if (operands.size() != count) {
            throw new Arguments.UsageException("volume " + command + " takes " + count + " operand"
                    + (count == 1 ? "" : "s") + ", not " + operands.size());
        }
    }

    private static String required(Map<String, String> options, String name, String command) {
        String value = options.get(name);
        if (value == null) {
            throw new Arguments.UsageException("volume " + command + " needs --" + name);
        }
        return value;
    }

    /** {@code VOLUME@SNAPSHOT} as its two names. */
    private static String[] snapshotName(String text) {
        int at = text.indexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new Arguments.UsageException("a snapshot is VOLUME@SNAPSHOT, not " + text);
        }
        return new String[] {text.substring(0, at), text.substring(at + 1)};
    }

    private static String volumePath(String name) {
        return "/v1/volumes/" + pathSegment(name);
    }

    private static String snapshotPath(String[] snapshot) {
        return volumePath(snapshot[0]) + "/snapshots/" + pathSegment(snapshot[1]);
    }

    /** Names are letters, digits, dots, dashes and underscores; anything else is refused here, not sent. */
    private static String pathSegment(String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || name.equals(".") || name.equals("..")) {
            throw new Arguments.UsageException("not a volume or snapshot name: " + name);
        }
        return name;
    }
}
