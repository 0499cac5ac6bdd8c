package io.granary.launcher;

import io.granary.core.auth.AccessKey;
import io.granary.launcher.local.StorageTierProcess;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The whole cloud on one machine: the embedded storage tier in its own JVM and the services in
 * this one, everything kept under one data directory so a restart loses nothing. The first start
 * creates the {@code admin} user with an access key and keeps the key in {@code DATA/admin.credentials}.
 * Every start writes the services' endpoints to {@code DATA/service-endpoints.properties} (keys
 * {@code s3}, {@code nbd}, {@code admin}), where the command line finds the running cloud.
 */
public final class LocalCloud implements Closeable {
    /** The user every local cloud starts with. */
    public static final String ADMIN_USER = GranaryServices.ADMIN_USER;
    static final String ADMIN_CREDENTIALS_FILE = "admin.credentials";
    static final String SERVICE_ENDPOINTS_FILE = "service-endpoints.properties";

    private final StorageTierProcess storage;
    private final GranaryServices services;
    private final AccessKey adminKey;

    private LocalCloud(StorageTierProcess storage, GranaryServices services, AccessKey adminKey) {
        this.storage = storage;
        this.services = services;
        this.adminKey = adminKey;
    }

    /**
     * Starts the storage tier from {@code home}'s build, then the services on it.
     *
     * @param config the services' settings; the storage endpoints in it are replaced
     */
    public static LocalCloud start(Path home, Path dataDir, GranaryConfig config, Duration timeout) throws IOException {
        Files.createDirectories(dataDir);
        StorageTierProcess storage = StorageTierProcess.start(home, dataDir, timeout);
        try {
            GranaryServices services = GranaryServices.start(config
                    .with(GranaryConfig.HDFS_URI, storage.hdfsUri())
                    .with(GranaryConfig.ZOOKEEPER_QUORUM, storage.zookeeperQuorum())
                    // One DataNode: more replicas could never be placed, and HDFS would keep trying.
                    .with(GranaryConfig.HDFS_REPLICATION, "1")
                    // The embedded DataNode is on this machine and lets this user read its blocks.
                    .with(GranaryConfig.HDFS_LOCAL_READS, "true"));
            try {
                AccessKey admin = services.credentials().ensureUserWithKey(ADMIN_USER);
                writeAdminCredentials(dataDir, admin);
                writeServiceEndpoints(dataDir, services);
                return new LocalCloud(storage, services, admin);
            } catch (RuntimeException | IOException e) {
                services.close();
                throw e;
            }
        } catch (RuntimeException | IOException e) {
            storage.close();
            throw e;
        }
    }

    public GranaryServices services() {
        return services;
    }

    public StorageTierProcess storage() {
        return storage;
    }

    public AccessKey adminKey() {
        return adminKey;
    }

    /** Stops the services, then the storage tier. */
    @Override
    public void close() {
        try {
            services.close();
        } finally {
            storage.close();
        }
    }

    private static void writeAdminCredentials(Path dataDir, AccessKey key) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("access_key", key.accessKeyId());
        properties.setProperty("secret_key", key.secretKey());
        writeProperties(dataDir, ADMIN_CREDENTIALS_FILE, properties, "The local cloud's admin access key");
    }

    private static void writeServiceEndpoints(Path dataDir, GranaryServices services) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("s3", services.s3Endpoint().toString());
        properties.setProperty("nbd", services.nbdEndpoint().toString());
        properties.setProperty("admin", services.adminEndpoint().toString());
        writeProperties(dataDir, SERVICE_ENDPOINTS_FILE, properties, "The running local cloud's services");
    }

    /** Replaces the file at once, readable by the owner only (one holds a secret key). */
    private static void writeProperties(Path dataDir, String name, Properties properties, String comment)
            throws IOException {
        Path file = dataDir.resolve(name);
        Path temporary = dataDir.resolve(name + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (var out = Files.newOutputStream(temporary)) {
            properties.store(out, comment);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code granary local [--data DIR] [--s3-port N] [--nbd-port N] [--admin-port N] [--conf DIR]}: runs until SIGTERM or Ctrl-C. */
    static int run(Path home, String[] args, PrintStream out) throws Exception {
        Arguments arguments = Arguments.parse(args);
        Path data = Path.of(arguments.option("data", "data")).toAbsolutePath();
        Path confDir = Path.of(arguments.option("conf", home.resolve("conf").toString()));
        GranaryConfig config = GranaryConfig.load(confDir);
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
        Main.logTo(data.resolve("logs").resolve("services.log"));

        long started = System.nanoTime();
        LocalCloud cloud = start(home, data, config, Main.START_TIMEOUT);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the local cloud...");
            cloud.close();
            out.println("Stopped.");
            stopped.countDown();
        }, "local-cloud-shutdown"));

        double seconds = (System.nanoTime() - started) / 1e9;
        String s3 = cloud.services().s3Endpoint().toString();
        AccessKey key = cloud.adminKey();
        String nbd = cloud.services().nbdEndpoint().toString();
        out.printf("READY s3=%s nbd=%s admin=%s hdfs=%s zk=%s access_key=%s secret_key=%s%n", s3, nbd,
                cloud.services().adminEndpoint(), cloud.storage().hdfsUri(), cloud.storage().zookeeperQuorum(), key.accessKeyId(), key.secretKey());
        out.printf("Started in %.1f s; data and logs in %s. Try:%n%n", seconds, data);
        out.printf("  export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_DEFAULT_REGION=%s%n",
                key.accessKeyId(), key.secretKey(), config.region());
        out.printf("  aws --endpoint-url %s s3 mb s3://demo%n", s3);
        out.printf("  aws --endpoint-url %s s3 cp README.md s3://demo/%n", s3);
        out.printf("  aws --endpoint-url %s s3 ls s3://demo%n%n", s3);
        String hostPort = cloud.services().s3Endpoint().getAuthority();
        out.printf("  s3cmd --host=%s --host-bucket=%s --no-ssl --access_key=%s --secret_key=%s ls s3://demo%n%n",
                hostPort, hostPort, key.accessKeyId(), key.secretKey());
        out.printf("  ./scripts/granary volume create data1 --size 1G --data %s%n", data);
        out.printf("  qemu-img info %s/data1%n%n", nbd);
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
