package io.granary.s3.resource;

import io.granary.core.model.ByteRange;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.PartInfo;
import io.granary.core.model.PartWrite;
import io.granary.core.store.ObjectStore;
import io.granary.core.store.StoredObject;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.CopyPartResult;
import io.granary.s3.xml.S3Xml;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * UploadPartCopy: PUT {@code ?partNumber&uploadId} with {@code x-amz-copy-source}. The part is the
 * source object, or the bytes {@code x-amz-copy-source-range: bytes=first-last} names, streamed
 * from the store into a new blob (across the source's parts if it is a multipart object). The
 * caller must own the source's bucket; the {@code x-amz-copy-source-if-*} conditions are evaluated
 * on the source, and any that does not hold fails with 412.
 */
final class UploadPartCopy {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,19})-(\\d{1,19})");

    private final ObjectStore store;

    UploadPartCopy(ObjectStore store) {
        this.store = store;
    }

    Response handle(S3Call call) {
        int partNumber = PartNumbers.required(call);
        String uploadId = PartNumbers.uploadId(call);
        CopyObject.CopySource source = CopyObject.CopySource.parse(call.header("x-amz-copy-source"));
        StoredObject object = CopyObject.fetchSource(store, source, call);
        ObjectInfo info = object.info();
        ByteRange range = range(call.header("x-amz-copy-source-range"), info.size());
        long length = range == null ? info.size() : range.length();
        if (length > UploadPart.MAX_PART_SIZE) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "The specified copy source is larger than the maximum "
                    + "allowable size for a copy source: " + UploadPart.MAX_PART_SIZE);
        }
        PartInfo part = store.uploadPartCopy(new PartWrite(call.bucket(), call.key(), uploadId, partNumber, length,
                null), object, range);
        return Xml.ok(new CopyPartResult(S3Xml.timestamp(part.lastModified()), "\"" + part.etag() + "\""));
    }

    /** The range to copy, {@code null} for the whole source. */
    static ByteRange range(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The x-amz-copy-source-range value must be of the form "
                    + "bytes=first-last where first and last are the zero-based offsets of the first and last bytes "
                    + "to copy").with("ArgumentName", "x-amz-copy-source-range").with("ArgumentValue", header);
        }
        try {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (first <= last && last < size) {
                return new ByteRange(first, last);
            }
        } catch (NumberFormatException e) {
            // Beyond any object: reported below.
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Range specified is not valid for source object of size: "
                + size).with("ArgumentName", "x-amz-copy-source-range").with("ArgumentValue", header);
    }
}
