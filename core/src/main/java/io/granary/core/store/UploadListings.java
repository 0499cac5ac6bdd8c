package io.granary.core.store;

import io.granary.core.model.UploadInfo;
import io.granary.core.model.UploadListing;
import io.granary.core.model.UploadQuery;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.UploadCatalog;
import io.granary.core.spi.UploadRecord;
import io.granary.core.spi.UploadScanStart;
import java.util.ArrayList;
import java.util.List;

/**
 * S3's rules for ListMultipartUploads over the catalog's ordered scan, as {@link ObjectListing}
 * applies them to objects: prefix, delimiter roll-up, key and upload id markers, page size.
 */
final class UploadListings {
    private UploadListings() {
    }

    static UploadListing list(UploadCatalog catalog, BucketRecord bucket, UploadQuery query) {
        String prefix = query.prefix();
        String delimiter = query.delimiter();
        List<UploadInfo> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (query.maxUploads() == 0) {
            return new UploadListing(uploads, prefixes, false, null, null);
        }
        UploadScanStart start = firstStart(query);
        String lastKey = null;
        String lastUploadId = null;
        while (true) {
            int wanted = query.maxUploads() - uploads.size() - prefixes.size() + 1;
            List<UploadRecord> rows = catalog.listUploads(bucket, start, prefix, wanted);
            UploadScanStart restart = null;
            for (UploadRecord row : rows) {
                if (uploads.size() + prefixes.size() == query.maxUploads()) {
                    return new UploadListing(uploads, prefixes, true, lastKey, lastUploadId);
                }
                String key = row.info().key().value();
                String common = ObjectListing.commonPrefix(key, prefix, delimiter);
                if (common != null) {
                    prefixes.add(common);
                    lastKey = common;
                    lastUploadId = null;
                    restart = UploadScanStart.beyond(common);
                    break;
                }
                uploads.add(row.info());
                lastKey = key;
                lastUploadId = row.info().uploadId();
            }
            if (restart != null) {
                start = restart;
            } else if (rows.size() < wanted) {
                return new UploadListing(uploads, prefixes, false, null, null);
            } else {
                start = UploadScanStart.afterUpload(lastKey, lastUploadId);
            }
        }
    }

    /**
     * Where the first scan begins. A key marker that is itself a common prefix (the NextKeyMarker
     * of a page that ended on one) continues beyond everything it rolled up.
     */
    private static UploadScanStart firstStart(UploadQuery query) {
        String marker = query.keyMarker();
        if (marker == null) {
            return UploadScanStart.first();
        }
        String common = ObjectListing.commonPrefix(marker, query.prefix(), query.delimiter());
        if (common != null && common.equals(marker)) {
            return UploadScanStart.beyond(marker);
        }
        if (query.uploadIdMarker() != null) {
            return UploadScanStart.afterUpload(marker, query.uploadIdMarker());
        }
        return UploadScanStart.afterKey(marker);
    }
}
