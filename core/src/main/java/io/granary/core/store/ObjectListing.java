package io.granary.core.store;

import io.granary.core.model.ListPage;
import io.granary.core.model.ListQuery;
import io.granary.core.model.ObjectInfo;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.MetadataCatalog;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.spi.ScanStart;
import java.util.ArrayList;
import java.util.List;

/**
 * S3's listing rules over a catalog's ordered scan: prefix, delimiter roll-up into common
 * prefixes, start-after markers and page size. A common prefix costs one more scan, which starts
 * beyond the prefix instead of reading the rows under it.
 */
final class ObjectListing {
    private ObjectListing() {
    }

    static ListPage list(MetadataCatalog catalog, BucketRecord bucket, ListQuery query) {
        String prefix = query.prefix();
        String delimiter = query.delimiter();
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (query.maxKeys() == 0) {
            return new ListPage(objects, prefixes, false, null);
        }
        ScanStart start = firstStart(query);
        String last = null;
        while (true) {
            int wanted = query.maxKeys() - objects.size() - prefixes.size() + 1;
            List<ObjectRecord> rows = catalog.scan(bucket, start, prefix, wanted);
            ScanStart restart = null;
            for (ObjectRecord row : rows) {
                if (objects.size() + prefixes.size() == query.maxKeys()) {
                    return new ListPage(objects, prefixes, true, last);
                }
                String key = row.info().key().value();
                String common = commonPrefix(key, prefix, delimiter);
                if (common != null) {
                    prefixes.add(common);
                    last = common;
                    restart = ScanStart.beyond(common);
                    break;
                }
                objects.add(row.info());
                last = key;
            }
            if (restart != null) {
                start = restart;
            } else if (rows.size() < wanted) {
                return new ListPage(objects, prefixes, false, null);
            } else {
                start = ScanStart.after(last);
            }
        }
    }

    /**
     * Where the first scan begins. A marker that is itself a common prefix (the NextMarker of a
     * page that ended on one) continues beyond everything it rolled up.
     */
    private static ScanStart firstStart(ListQuery query) {
        String marker = query.startAfter();
        if (marker == null) {
            return ScanStart.first();
        }
        String common = commonPrefix(marker, query.prefix(), query.delimiter());
        if (common != null && common.equals(marker)) {
            return ScanStart.beyond(marker);
        }
        return ScanStart.after(marker);
    }

    /** The common prefix {@code key} rolls up into, or {@code null} if it is listed itself. */
    static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter == null || !key.startsWith(prefix)) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }
}
