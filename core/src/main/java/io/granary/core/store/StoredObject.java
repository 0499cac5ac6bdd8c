package io.granary.core.store;

import io.granary.core.model.ByteRange;
import io.granary.core.model.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;

/**
 * One object version found by a GET: its description, and its bytes on demand. The bytes stay
 * readable for a while even if the object is overwritten or deleted meanwhile.
 */
public interface StoredObject {
    ObjectInfo info();

    /** Streams the bytes of {@code range}, verifying their checksums as they are read. */
    InputStream open(ByteRange range) throws IOException;
}
