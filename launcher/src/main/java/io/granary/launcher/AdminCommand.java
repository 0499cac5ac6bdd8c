package io.granary.launcher;

import io.granary.core.StoreException;
import io.granary.core.auth.AccessKey;
import io.granary.core.auth.CredentialStore;
import io.granary.core.auth.Credentials;
import io.granary.core.auth.User;
import io.granary.metadata.hbase.HBaseMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

/**
 * {@code granary admin ...}: users and access keys, written straight to the metadata store of a
 * running local cloud ({@code --data DIR}, default {@code ./data}) or of a real cluster
 * ({@code --conf DIR} with {@code granary-site.xml}).
 */
final class AdminCommand {
    static final String USAGE = """
            usage: granary admin [--data DIR | --conf DIR] COMMAND
              user create NAME     create a user with one access key; prints access_key=… secret_key=…
              user list            list users
              user delete NAME     delete a user and all its keys
              key create USER      add an access key to a user; prints access_key=… secret_key=…
              key list USER        list a user's access key ids
              key delete KEY_ID    delete an access key""";

    private AdminCommand() {
    }

    static int run(Path home, String[] args, PrintStream out, PrintStream err) throws IOException {
        // A command's output is its answer; the clients' chatter would bury it.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        Arguments arguments = Arguments.parse(args);
        String zookeeper = zookeeper(home, arguments);
        arguments.refuseOthers();
        List<String> words = arguments.positional();
        if (words.size() < 2) {
            err.println(USAGE);
            return 2;
        }
        try (HBaseMetadata metadata = HBaseMetadata.connect(zookeeper, namespace(home, arguments))) {
            Credentials credentials = new Credentials(metadata.credentials(), Clock.systemUTC());
            return execute(words, credentials, out, err);
        } catch (StoreException e) {
            err.println("granary admin: " + e.getMessage());
            return 1;
        }
    }

    static int execute(List<String> words, Credentials credentials, PrintStream out, PrintStream err) {
        CredentialStore store = credentials.store();
        String what = words.get(0) + " " + words.get(1);
        String name = words.size() > 2 ? words.get(2) : null;
        if (name == null && !what.equals("user list")) {
            err.println(USAGE);
            return 2;
        }
        switch (what) {
            case "user create" -> {
                credentials.createUser(name);
                print(out, credentials.createAccessKey(name));
            }
            case "user list" -> {
                for (User user : store.listUsers()) {
                    out.println(user.name() + " id=" + user.id() + " created=" + user.created());
                }
            }
            case "user delete" -> {
                store.deleteUser(name);
                out.println("deleted user " + name);
            }
            case "key create" -> print(out, credentials.createAccessKey(name));
            case "key list" -> {
                User user = store.findUserByName(name).orElseThrow(() ->
                        new StoreException(io.granary.core.StoreError.NOT_FOUND, "No such user: " + name));
                for (AccessKey key : store.listAccessKeys(user.id())) {
                    out.println(key.accessKeyId() + " created=" + key.created());
                }
            }
            case "key delete" -> {
                store.deleteAccessKey(name);
                out.println("deleted key " + name);
            }
            default -> {
                err.println(USAGE);
                return 2;
            }
        }
        return 0;
    }

    private static void print(PrintStream out, AccessKey key) {
        out.println("access_key=" + key.accessKeyId() + " secret_key=" + key.secretKey());
    }

    /** The ZooKeeper quorum: from the conf directory if one is named, else from the local cloud's data directory. */
    private static String zookeeper(Path home, Arguments arguments) throws IOException {
        if (arguments.has("conf")) {
            return GranaryConfig.load(Path.of(arguments.option("conf", null))).zookeeperQuorum();
        }
        Path data = Path.of(arguments.option("data", "data"));
        Path endpoints = data.resolve("storage-endpoints.properties");
        if (Files.isRegularFile(endpoints)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(endpoints)) {
                properties.load(in);
            }
            return properties.getProperty("zk");
        }
        if (arguments.has("data")) {
            throw new Arguments.UsageException("no local cloud has run in " + data + " (no " + endpoints.getFileName() + ")");
        }
        return GranaryConfig.load(home.resolve("conf")).zookeeperQuorum();
    }

    private static String namespace(Path home, Arguments arguments) {
        Path conf = arguments.has("conf") ? Path.of(arguments.option("conf", null)) : home.resolve("conf");
        return GranaryConfig.load(conf).hbaseNamespace();
    }
}
