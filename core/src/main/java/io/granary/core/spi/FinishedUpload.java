package io.granary.core.spi;

import io.granary.core.model.CompletedPart;
import java.util.List;

/**
 * What a completed upload held when its record was removed: the parts its completion selected
 * (now the object's) and every part it had. The caller releases the blobs of those not selected.
 */
public record FinishedUpload(List<CompletedPart> selection, List<PartRecord> parts) {
    public FinishedUpload {
        selection = List.copyOf(selection);
        parts = List.copyOf(parts);
    }
}
