package io.granary.core.spi;

import java.util.Objects;

/**
 * Where an {@link UploadCatalog#listUploads} scan begins, in UTF-8 byte order of key, then upload
 * id order within a key.
 */
public sealed interface UploadScanStart {
    /** From the first upload of the bucket (or of the scan's prefix). */
    static UploadScanStart first() {
        return First.INSTANCE;
    }

    /** From the first upload of the first key strictly after {@code key}. */
    static UploadScanStart afterKey(String key) {
        return new AfterKey(key);
    }

    /** From the first upload after the upload {@code uploadId} of {@code key}. */
    static UploadScanStart afterUpload(String key, String uploadId) {
        return new AfterUpload(key, uploadId);
    }

    /** From the first upload of a key that does not start with {@code prefix} and sorts after it. */
    static UploadScanStart beyond(String prefix) {
        return new Beyond(prefix);
    }

    enum First implements UploadScanStart { INSTANCE }

    record AfterKey(String key) implements UploadScanStart {
        public AfterKey {
            Objects.requireNonNull(key, "key");
        }
    }

    record AfterUpload(String key, String uploadId) implements UploadScanStart {
        public AfterUpload {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(uploadId, "uploadId");
        }
    }

    record Beyond(String prefix) implements UploadScanStart {
        public Beyond {
            Objects.requireNonNull(prefix, "prefix");
        }
    }
}
