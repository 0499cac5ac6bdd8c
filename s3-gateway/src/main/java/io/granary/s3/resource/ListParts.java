package io.granary.s3.resource;

import io.granary.core.model.PartInfo;
import io.granary.core.model.PartListing;
import io.granary.core.store.ObjectStore;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.ListPartsResult;
import io.granary.s3.xml.Owner;
import io.granary.s3.xml.S3Xml;
import io.granary.s3.xml.UrlEncoding;
import jakarta.ws.rs.core.Response;

/**
 * ListParts: GET {@code ?uploadId}, by part number, paged by {@code part-number-marker} and
 * {@code max-parts} (clamped to 1000, as S3 does).
 */
final class ListParts {
    static final int MAX_PARTS = 1000;

    private final ObjectStore store;

    ListParts(ObjectStore store) {
        this.store = store;
    }

    Response handle(S3Call call) {
        String uploadId = PartNumbers.uploadId(call);
        boolean url = MultipartUploads.urlEncoding(call);
        int maxParts = MultipartUploads.boundedCount(call, "max-parts", MAX_PARTS);
        int marker = partNumberMarker(call);
        PartListing listing = store.listParts(call.bucket(), call.key(), uploadId, marker, maxParts);
        Owner initiator = MultipartUploads.user(call, listing.upload().initiatorId());
        return Xml.ok(new ListPartsResult(call.bucket().value(), UrlEncoding.apply(call.key().value(), url), uploadId,
                initiator, MultipartUploads.user(call, call.caller().userId()), listing.upload().storageClass(),
                listing.upload().checksumAlgorithm() == null ? null : listing.upload().checksumAlgorithm().displayName(),
                marker,
                listing.parts().isEmpty() ? null : listing.nextPartNumberMarker(), maxParts, listing.truncated(),
                listing.parts().stream().map(ListParts::part).toList()));
    }

    private static ListPartsResult.Part part(PartInfo part) {
        return ListPartsResult.Part.of(part.partNumber(), S3Xml.timestamp(part.lastModified()),
                "\"" + part.etag() + "\"", part.size(), part.checksum());
    }

    private static int partNumberMarker(S3Call call) {
        String value = call.query("part-number-marker");
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            int marker = Integer.parseInt(value.strip());
            if (marker >= 0) {
                return marker;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT,
                "Argument part-number-marker must be an integer between 0 and 2147483647")
                .with("ArgumentName", "part-number-marker").with("ArgumentValue", value);
    }
}
