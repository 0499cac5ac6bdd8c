package io.granary.storage.local;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The command line of {@link LocalStorageTier}: where the data lives, optional fixed ports, and
 * whether to follow the parent process. Immutable; {@link #parse} rejects anything else with a
 * message fit for a user.
 *
 * @param dataDirectory the directory holding everything the tier stores (absolute)
 * @param hdfsPort the NameNode RPC port to use instead of the remembered or chosen one
 * @param zookeeperPort the ZooKeeper client port to use instead of the remembered or chosen one
 * @param exitWithParent stop when standard input reaches end of file
 */
record StorageOptions(
        Path dataDirectory, OptionalInt hdfsPort, OptionalInt zookeeperPort, boolean exitWithParent) {

    static final String USAGE = "usage: LocalStorageTier --data DIR [--hdfs-port N] [--zk-port N]"
            + " [--exit-with-parent]";

    public StorageOptions {
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
    }

    /** Parses the command line; throws {@link IllegalArgumentException} with the usage on error. */
    public static StorageOptions parse(String... arguments) {
        Path data = null;
        OptionalInt hdfsPort = OptionalInt.empty();
        OptionalInt zookeeperPort = OptionalInt.empty();
        boolean exitWithParent = false;
        for (int index = 0; index < arguments.length; index++) {
            String argument = arguments[index];
            switch (argument) {
                case "--data" -> data = Path.of(valueAfter(arguments, index++));
                case "--hdfs-port" -> hdfsPort = OptionalInt.of(port(valueAfter(arguments, index++)));
                case "--zk-port" -> zookeeperPort = OptionalInt.of(port(valueAfter(arguments, index++)));
                case "--exit-with-parent" -> exitWithParent = true;
                default -> throw new IllegalArgumentException("unknown argument " + argument + "\n" + USAGE);
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data is required\n" + USAGE);
        }
        return new StorageOptions(data, hdfsPort, zookeeperPort, exitWithParent);
    }

    private static String valueAfter(String[] arguments, int index) {
        if (index + 1 >= arguments.length) {
            throw new IllegalArgumentException(arguments[index] + " needs a value\n" + USAGE);
        }
        return arguments[index + 1];
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port number: " + text, e);
        }
    }
}
