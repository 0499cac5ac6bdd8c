package io.granary.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code granary} command: {@code local} (the whole cloud on this machine), {@code server}
 * (the services against a real cluster named in {@code conf/}), {@code admin} (users and keys) and
 * {@code volume} (block volumes, through the running services' admin API).
 * The installation's home directory comes from the {@code granary.home} system property.
 */
public final class Main {
    private static final String USAGE = """
            usage: granary local [--data DIR] [--s3-port N] [--nbd-port N] [--admin-port N] [--conf DIR]
                   granary server [--conf DIR] [--s3-port N] [--nbd-port N] [--admin-port N]
                   granary admin [--data DIR | --conf DIR] user|key ...   (granary admin help)
                   granary volume [--data DIR | --conf DIR | --endpoint URL] COMMAND ...   (granary volume help)""";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Sends every log line to {@code file} (slf4j-simple reads this when the first logger is made,
     * so it must run before anything logs), and java.util.logging through slf4j.
     */
    static void logTo(Path file) throws java.io.IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Path home = Path.of(System.getProperty("granary.home", ".")).toAbsolutePath().normalize();
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "local" -> LocalCloud.run(home, rest, out);
                case "server" -> server(home, rest, out);
                case "admin" -> AdminCommand.run(home, rest, out, err);
                case "volume" -> VolumeCommand.run(home, rest, out, err);
                default -> {
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (Arguments.UsageException e) {
            err.println("granary: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    /** The services against the cluster in {@code granary-site.xml}; runs until SIGTERM. */
    private static int server(Path home, String[] args, PrintStream out) throws Exception {
        Arguments arguments = Arguments.parse(args);
        GranaryConfig config = GranaryConfig.load(Path.of(arguments.option("conf", home.resolve("conf").toString())));
        if (arguments.has("s3-port")) {
            config = config.with(GranaryConfig.S3_PORT, arguments.option("s3-port", null));
        }
        if (arguments.has("nbd-port")) {
            config = config.with(GranaryConfig.NBD_PORT, arguments.option("nbd-port", null));
        }
        if (arguments.has("admin-port")) {
            config = config.with(GranaryConfig.ADMIN_PORT, arguments.option("admin-port", null));
        }
        arguments.refuseOthers();
        GranaryServices services = GranaryServices.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            stopped.countDown();
        }, "server-shutdown"));
        out.printf("READY s3=%s nbd=%s admin=%s hdfs=%s zk=%s%n", services.s3Endpoint(), services.nbdEndpoint(),
                services.adminEndpoint(), config.hdfsUri(), config.zookeeperQuorum());
        out.flush();
        stopped.await();
        return 0;
    }

    /** How long the local cloud may take to start before giving up. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
}
