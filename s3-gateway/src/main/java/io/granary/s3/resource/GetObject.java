package io.granary.s3.resource;

import io.granary.core.model.ByteRange;
import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ObjectInfo;
import io.granary.core.store.ObjectStore;
import io.granary.core.store.StoredObject;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.HttpDates;
import io.granary.s3.http.Preconditions;
import io.granary.s3.http.RangeHeader;
import io.granary.s3.http.S3Call;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * GetObject and HeadObject: conditional headers (304/412), one byte range (206/416) or one part
 * ({@code ?partNumber}, 206/416), the {@code response-*} overrides of the returned headers, and the
 * body streamed from the store in bounded memory, across the parts of a multipart object.
 */
final class GetObject {
    private static final Map<String, String> OVERRIDES = Map.of(
            "response-content-type", "Content-Type",
            "response-content-language", "Content-Language",
            "response-expires", "Expires",
            "response-cache-control", "Cache-Control",
            "response-content-disposition", "Content-Disposition",
            "response-content-encoding", "Content-Encoding");

    private final ObjectStore store;

    GetObject(ObjectStore store) {
        this.store = store;
    }

    Response handle(S3Call call, boolean head) {
        Integer partNumber = PartNumbers.optional(call);
        if (partNumber != null && call.header("Range") != null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Cannot specify both Range header and partNumber query "
                    + "parameter");
        }
        StoredObject object = store.getObject(call.bucket(), call.key());
        ObjectInfo info = object.info();
        checkVersion(call, info);

        Preconditions.Decision decision = Preconditions.evaluate(info.etag(), info.lastModified(),
                call.header("If-Match"), call.header("If-None-Match"), call.header("If-Modified-Since"),
                call.header("If-Unmodified-Since"));
        if (decision.outcome() == Preconditions.Outcome.FAILED) {
            throw new S3Exception(S3Error.PRECONDITION_FAILED).with("Condition", decision.failedCondition());
        }
        if (decision.outcome() == Preconditions.Outcome.NOT_MODIFIED) {
            return Response.notModified().header("ETag", quoted(info.etag()))
                    .header("Last-Modified", HttpDates.format(info.lastModified())).build();
        }

        if (partNumber != null) {
            return part(call, object, partNumber, head);
        }
        RangeHeader.Result range = RangeHeader.resolve(call.header("Range"), info.size());
        if (range instanceof RangeHeader.Unsatisfiable) {
            throw new S3Exception(S3Error.INVALID_RANGE)
                    .with("RangeRequested", call.header("Range"))
                    .with("ActualObjectSize", Long.toString(info.size()))
                    .withHeader("Content-Range", "bytes */" + info.size());
        }
        Response.ResponseBuilder response;
        ByteRange bytes;
        if (range instanceof RangeHeader.Partial partial) {
            bytes = partial.range();
            response = Response.status(206).header("Content-Range",
                    "bytes " + bytes.first() + "-" + bytes.last() + "/" + info.size());
        } else {
            bytes = info.size() == 0 ? null : ByteRange.whole(info.size());
            response = Response.ok();
            // The stored checksum covers the whole object only, so ranges go without it, as on S3.
            if (RequestedChecksum.modeEnabled(call)) {
                RequestedChecksum.addTo(response, info.checksum());
            }
        }
        headers(response, info, call);
        response.header("Content-Length", bytes == null ? 0 : bytes.length());
        if (!head && bytes != null) {
            response.entity(body(object, bytes));
        }
        return response.build();
    }

    /**
     * GET or HEAD {@code ?partNumber=N}: the bytes of part N, as a ranged request for them (206 with
     * Content-Range). Parts are counted in the object's order, 1 to its part count, so that
     * {@code x-amz-mp-parts-count} tells a client every number it may ask for. An object stored by
     * a single PUT is one part: part 1 is all of it, and no parts count is sent, as on S3.
     */
    private static Response part(S3Call call, StoredObject object, int partNumber, boolean head) {
        ObjectInfo info = object.info();
        List<Long> sizes = object.partSizes();
        if (partNumber > sizes.size()) {
            throw new S3Exception(S3Error.INVALID_PART_NUMBER).with("PartNumberRequested", Integer.toString(partNumber))
                    .with("ActualPartCount", Integer.toString(sizes.size()));
        }
        long first = 0;
        for (int i = 0; i < partNumber - 1; i++) {
            first += sizes.get(i);
        }
        long size = sizes.get(partNumber - 1);
        ByteRange bytes = size == 0 ? null : new ByteRange(first, first + size - 1);
        // An empty part has no range to name: it is answered whole, like an empty object.
        Response.ResponseBuilder response = bytes == null ? Response.ok() : Response.status(206).header("Content-Range",
                "bytes " + bytes.first() + "-" + bytes.last() + "/" + info.size());
        headers(response, info, call);
        if (info.isMultipart()) {
            response.header("x-amz-mp-parts-count", info.partCount());
        }
        response.header("Content-Length", size);
        if (!head && bytes != null) {
            response.entity(body(object, bytes));
        }
        return response.build();
    }

    /** Unversioned buckets answer only to the id "null" and to the current version's id. */
    private static void checkVersion(S3Call call, ObjectInfo info) {
        String versionId = call.query("versionId");
        if (versionId != null && !versionId.equals("null") && !versionId.equals(info.versionId().toString())) {
            throw new S3Exception(S3Error.NO_SUCH_VERSION).with("Key", info.key().value()).with("VersionId", versionId);
        }
    }

    private static void headers(Response.ResponseBuilder response, ObjectInfo info, S3Call call) {
        ContentHeaders stored = info.headers();
        response.header("ETag", quoted(info.etag()))
                .header("Last-Modified", HttpDates.format(info.lastModified()))
                .header("Accept-Ranges", "bytes")
                .header("Content-Type", stored.contentType() == null ? "binary/octet-stream" : stored.contentType())
                .header("Content-Encoding", stored.contentEncoding())
                .header("Content-Disposition", stored.contentDisposition())
                .header("Content-Language", stored.contentLanguage())
                .header("Cache-Control", stored.cacheControl())
                .header("Expires", stored.expires());
        if (!"STANDARD".equals(info.storageClass())) {
            response.header("x-amz-storage-class", info.storageClass());
        }
        info.userMetadata().forEach((name, value) -> response.header("x-amz-meta-" + name, value));
        for (Map.Entry<String, String> override : OVERRIDES.entrySet()) {
            String value = call.query(override.getKey());
            if (value != null) {
                response.header(override.getValue(), null).header(override.getValue(), value);
            }
        }
    }

    private static StreamingOutput body(StoredObject object, ByteRange bytes) {
        return output -> {
            try (InputStream in = object.open(bytes)) {
                in.transferTo(output);
            }
        };
    }

    private static String quoted(String etag) {
        return "\"" + etag + "\"";
    }
}
