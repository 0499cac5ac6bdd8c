package io.granary.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a guarded write of an object row.
 *
 * @param applied whether the write happened (the guard allowed it)
 * @param previous when applied, the row it replaced or removed (its blobs are now unreferenced);
 *     otherwise the row the guard refused to replace. Empty if there was no row.
 */
public record RowChange(boolean applied, Optional<ObjectRecord> previous) {
    public RowChange {
        Objects.requireNonNull(previous, "previous");
    }
}
