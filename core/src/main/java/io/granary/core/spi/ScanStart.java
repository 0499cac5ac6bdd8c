package io.granary.core.spi;

import java.util.Objects;

/** Where a {@link MetadataCatalog#scan} begins, in UTF-8 byte order of keys. */
public sealed interface ScanStart {
    /** From the first key of the bucket (or of the scan's prefix). */
    static ScanStart first() {
        return First.INSTANCE;
    }

    /** From the first key strictly after {@code key}. */
    static ScanStart after(String key) {
        return new After(key);
    }

    /** From the first key that does not start with {@code prefix} and sorts after it. */
    static ScanStart beyond(String prefix) {
        return new Beyond(prefix);
    }

    enum First implements ScanStart { INSTANCE }

    record After(String key) implements ScanStart {
        public After {
            Objects.requireNonNull(key, "key");
        }
    }

    record Beyond(String prefix) implements ScanStart {
        public Beyond {
            Objects.requireNonNull(prefix, "prefix");
        }
    }
}
