package io.granary.core.spi;

import java.util.Optional;

/**
 * Decides, just before a conditional write replaces or removes an object row, whether it may: it
 * is shown the row as it is at that moment. A guard may do work of its own before it answers (the
 * write happens only after it returns), and it runs again whenever another writer changes the row
 * between the catalog's read and its write, so that work must be safe to repeat.
 */
@FunctionalInterface
public interface RowGuard {
    /** Lets every write through. */
    RowGuard ALWAYS = current -> true;

    /**
     * @param current the row now there, empty if there is none
     * @return whether the write goes ahead
     */
    boolean allows(Optional<ObjectRecord> current);
}
