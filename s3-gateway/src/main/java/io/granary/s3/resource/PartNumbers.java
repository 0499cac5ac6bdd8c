package io.granary.s3.resource;

import io.granary.core.model.PartInfo;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;

/** The {@code partNumber} query parameter of UploadPart, UploadPartCopy, GetObject and HeadObject. */
final class PartNumbers {
    private PartNumbers() {
    }

    /** The part number the request names, or {@code null} if it names none. */
    static Integer optional(S3Call call) {
        String value = call.query("partNumber");
        if (value == null) {
            return null;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (PartInfo.isValidNumber(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, as for an out-of-range number.
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and "
                + PartInfo.MAX_PART_NUMBER + ", inclusive").with("ArgumentName", "partNumber")
                .with("ArgumentValue", value);
    }

    /** The part number an upload of a part must name. */
    static int required(S3Call call) {
        Integer number = optional(call);
        if (number == null) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and "
                    + PartInfo.MAX_PART_NUMBER + ", inclusive").with("ArgumentName", "partNumber");
        }
        return number;
    }

    /** The upload id an operation on an upload must name. */
    static String uploadId(S3Call call) {
        String uploadId = call.query("uploadId");
        if (uploadId == null) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "This operation needs the uploadId query parameter.")
                    .with("ArgumentName", "uploadId");
        }
        return uploadId;
    }
}
