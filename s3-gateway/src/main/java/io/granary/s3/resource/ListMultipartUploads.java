package io.granary.s3.resource;

import io.granary.core.model.BucketInfo;
import io.granary.core.model.UploadInfo;
import io.granary.core.model.UploadListing;
import io.granary.core.model.UploadQuery;
import io.granary.core.store.ObjectStore;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.CommonPrefix;
import io.granary.s3.xml.ListMultipartUploadsResult;
import io.granary.s3.xml.S3Xml;
import io.granary.s3.xml.UrlEncoding;
import jakarta.ws.rs.core.Response;

/**
 * ListMultipartUploads: GET bucket {@code ?uploads}, by key, then by the time the uploads of a key
 * started; {@code prefix}, any {@code delimiter} (CommonPrefixes), {@code key-marker} with
 * {@code upload-id-marker}, {@code max-uploads} clamped to 1000, {@code encoding-type=url}. A
 * truncated page carries NextKeyMarker, and NextUploadIdMarker unless it ended on a common prefix.
 */
final class ListMultipartUploads {
    private final ObjectStore store;

    ListMultipartUploads(ObjectStore store) {
        this.store = store;
    }

    Response handle(S3Call call, BucketInfo bucket) {
        boolean url = MultipartUploads.urlEncoding(call);
        int maxUploads = MultipartUploads.boundedCount(call, "max-uploads", UploadQuery.MAX_UPLOADS);
        UploadQuery query = new UploadQuery(call.query("prefix"), call.query("delimiter"), call.query("key-marker"),
                call.query("upload-id-marker"), maxUploads);
        UploadListing listing = store.listMultipartUploads(bucket.name(), query);
        return Xml.ok(new ListMultipartUploadsResult(bucket.name().value(),
                UrlEncoding.apply(orEmpty(query.keyMarker()), url), orEmpty(query.uploadIdMarker()),
                UrlEncoding.apply(listing.nextKeyMarker(), url), listing.nextUploadIdMarker(),
                UrlEncoding.apply(query.prefix(), url), UrlEncoding.apply(query.delimiter(), url), maxUploads,
                listing.truncated(), url ? "url" : null,
                listing.uploads().stream().map(u -> upload(call, u, url)).toList(),
                listing.commonPrefixes().stream().map(p -> new CommonPrefix(UrlEncoding.apply(p, url))).toList()));
    }

    private static ListMultipartUploadsResult.Upload upload(S3Call call, UploadInfo upload, boolean url) {
        return new ListMultipartUploadsResult.Upload(UrlEncoding.apply(upload.key().value(), url), upload.uploadId(),
                MultipartUploads.user(call, upload.initiatorId()), MultipartUploads.user(call, call.caller().userId()),
                upload.storageClass(), S3Xml.timestamp(upload.initiated()));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
