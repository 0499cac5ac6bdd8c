package io.granary.core.testing;

import io.granary.core.auth.CredentialStore;
import io.granary.core.block.SegmentStore;
import io.granary.core.block.VolumeCatalog;
import io.granary.core.spi.BlobStore;
import io.granary.core.spi.MetadataCatalog;
import io.granary.core.spi.UploadCatalog;
import org.junit.jupiter.api.Nested;

/** The in-memory fakes pass the same conformance suites as the real backends. */
class InMemoryBackendsConformanceTest {
    @Nested
    class Catalog extends MetadataCatalogConformance {
        @Override
        protected MetadataCatalog catalog() {
            return new InMemoryCatalog();
        }
    }

    @Nested
    class Uploads extends UploadCatalogConformance {
        @Override
        protected UploadCatalog catalog() {
            return new InMemoryUploadCatalog();
        }
    }

    @Nested
    class Blobs extends BlobStoreConformance {
        @Override
        protected BlobStore store() {
            return new InMemoryBlobStore();
        }

        @Override
        protected int largeBlobLength() {
            return 1 << 20;
        }
    }

    @Nested
    class Credentials extends CredentialStoreConformance {
        @Override
        protected CredentialStore store() {
            return new InMemoryCredentialStore();
        }
    }

    @Nested
    class Segments extends SegmentStoreConformance {
        @Override
        protected SegmentStore store() {
            return new InMemorySegmentStore();
        }
    }

    @Nested
    class Volumes extends VolumeCatalogConformance {
        @Override
        protected VolumeCatalog catalog() {
            return new InMemoryVolumeCatalog();
        }
    }
}
