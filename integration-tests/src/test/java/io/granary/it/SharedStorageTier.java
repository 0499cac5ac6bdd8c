package io.granary.it;

import io.granary.launcher.local.StorageTierProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The one storage tier that the integration tests of a test JVM share: started by the first
 * {@link #get()}, on a fresh data directory under {@code integration-tests/target/}, and stopped
 * when the JUnit Platform launcher session ends ({@link SharedStorageTierSessionListener}), or at
 * the latest when the JVM exits.
 *
 * <p>Thread-safe: concurrent first callers start one tier between them. If the start fails, every
 * later call fails at once with the same cause instead of waiting for another start to time out.
 */
public final class SharedStorageTier {
    /** A cold start on a busy two-core machine takes well under a minute; leave room. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static StorageTierProcess tier;
    private static RuntimeException failure;
    private static boolean hookInstalled;

    private SharedStorageTier() {
    }

    /** The shared tier, started on first use. */
    public static synchronized StorageTierProcess get() {
        if (failure != null) {
            throw failure;
        }
        if (tier == null) {
            try {
                tier = StorageTierProcess.start(granaryHome(), newDataDirectory("shared-storage-"), START_TIMEOUT);
            } catch (IOException e) {
                failure = new UncheckedIOException("the shared storage tier failed to start", e);
                throw failure;
            }
            if (!hookInstalled) {
                // Backstop for runs that end without closing the launcher session.
                Runtime.getRuntime().addShutdownHook(new Thread(SharedStorageTier::stop, "shared-storage-tier-stop"));
                hookInstalled = true;
            }
        }
        return tier;
    }

    /** Stops the shared tier if it runs; a later {@link #get()} starts a new one. */
    static synchronized void stop() {
        if (tier != null) {
            tier.close();
            tier = null;
        }
    }

    /**
     * The Granary checkout that holds the built storage tier: system property {@code granary.home}
     * (the integration-tests pom sets it), else the parent of the working directory.
     */
    static Path granaryHome() {
        String configured = System.getProperty("granary.home");
        Path home = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return home.toAbsolutePath().normalize();
    }

    /** A new, empty directory under {@code integration-tests/target/}, kept after the run for its logs. */
    static Path newDataDirectory(String prefix) throws IOException {
        Path target = Files.createDirectories(granaryHome().resolve("integration-tests").resolve("target"));
        return Files.createTempDirectory(target, prefix);
    }
}
