package io.granary.core.block;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to write one volume. Each new holder gets an epoch one above the last one handed out for
 * the volume, so epochs are never reused; a writer whose epoch is no longer the volume's current one
 * has been fenced off and can no longer checkpoint.
 *
 * @param volumeId the volume's id
 * @param holder who holds it (a process and instance name, for messages)
 * @param epoch the fencing token
 * @param expires when it lapses unless renewed; after that another writer may take it
 */
public record Lease(long volumeId, String holder, long epoch, Instant expires) {
    public Lease {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expires, "expires");
    }
}
