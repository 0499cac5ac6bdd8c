package io.granary.core.block;

import java.util.Optional;

/**
 * What an attempt to take a lease came to.
 *
 * @param acquired the lease now held by the caller, if it got it
 * @param current otherwise, the lease another holder has
 */
public record LeaseOutcome(Optional<Lease> acquired, Optional<Lease> current) {
    public static LeaseOutcome acquired(Lease lease) {
        return new LeaseOutcome(Optional.of(lease), Optional.empty());
    }

    public static LeaseOutcome heldBy(Lease other) {
        return new LeaseOutcome(Optional.empty(), Optional.of(other));
    }
}
