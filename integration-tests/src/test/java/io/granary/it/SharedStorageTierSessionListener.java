package io.granary.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the {@link SharedCloud} and then the {@link SharedStorageTier} when the JUnit Platform
 * launcher session closes, that is
 * after the last test of the run. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class SharedStorageTierSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        // The services first, so nothing talks to a storage tier that is going away.
        SharedCloud.stop();
        SharedStorageTier.stop();
    }
}
