package io.granary.block.nbd;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of an {@link NbdServer}.
 *
 * @param workerThreads threads shared by all connections that run device operations
 * @param maxInFlightBytesPerConnection payload bytes (written or to be read) of the requests one
 *     connection may have in flight; the server stops reading that connection's requests while it
 *     is at the limit. At least {@link NbdProtocol#MAXIMUM_PAYLOAD}, so one largest request fits.
 * @param handshakeTimeout how long a client may take over each step of the handshake
 * @param closeTimeout how long {@link NbdServer#close()} waits for requests in flight to finish
 */
public record NbdSettings(int workerThreads, long maxInFlightBytesPerConnection, Duration handshakeTimeout,
        Duration closeTimeout) {
    public NbdSettings {
        if (workerThreads < 1) {
            throw new IllegalArgumentException("at least one worker thread is needed: " + workerThreads);
        }
        if (maxInFlightBytesPerConnection < NbdProtocol.MAXIMUM_PAYLOAD) {
            throw new IllegalArgumentException("the in-flight limit must hold one largest request ("
                    + NbdProtocol.MAXIMUM_PAYLOAD + " bytes): " + maxInFlightBytesPerConnection);
        }
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the handshake timeout must be positive: " + handshakeTimeout);
        }
    }

    /** Eight workers, 64 MiB in flight per connection, 30 s per handshake step, 10 s to close. */
    public static NbdSettings defaults() {
        return new NbdSettings(8, 2L * NbdProtocol.MAXIMUM_PAYLOAD, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }
}
