package io.granary.core.store;

import io.granary.core.model.ByteRange;
import io.granary.core.model.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One object version found by a GET: its description, and its bytes on demand. The bytes stay
 * readable for a while even if the object is overwritten or deleted meanwhile.
 */
public interface StoredObject {
    ObjectInfo info();

    /**
     * Streams the bytes of {@code range}, verifying their checksums as they are read. The range
     * may span any number of the parts of a multipart object.
     */
    InputStream open(ByteRange range) throws IOException;

    /**
     * The sizes of the object's parts, in order: one per part of a multipart object, or a single
     * entry, the whole size, for an object stored by a single PUT.
     */
    default List<Long> partSizes() {
        return List.of(info().size());
    }
}
