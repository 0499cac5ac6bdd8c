package io.granary.s3.resource;

import io.granary.core.model.BucketInfo;
import io.granary.core.store.ObjectStore;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.Owner;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * The multipart upload operations, one small class each, as the bucket and object resources
 * dispatch to them: {@code ?uploads} and {@code ?uploadId} on an object, {@code ?partNumber} on a
 * PUT, {@code ?uploads} on a bucket. The caller has checked that the bucket is the caller's.
 */
final class MultipartUploads {
    private final ObjectStore store;
    private final CreateMultipartUpload create;
    private final UploadPart uploadPart;
    private final UploadPartCopy uploadPartCopy;
    private final CompleteMultipartUpload complete;
    private final ListParts listParts;
    private final ListMultipartUploads listUploads;

    MultipartUploads(ObjectStore store) {
        this.store = store;
        this.create = new CreateMultipartUpload(store);
        this.uploadPart = new UploadPart(store);
        this.uploadPartCopy = new UploadPartCopy(store);
        this.complete = new CompleteMultipartUpload(store);
        this.listParts = new ListParts(store);
        this.listUploads = new ListMultipartUploads(store);
    }

    /** Whether a PUT on an object uploads a part rather than an object. */
    static boolean isPartUpload(S3Call call) {
        return call.has("uploadId") || call.has("partNumber");
    }

    /** UploadPart, or UploadPartCopy with {@code x-amz-copy-source}. */
    Response put(S3Call call) throws IOException {
        return call.header("x-amz-copy-source") != null ? uploadPartCopy.handle(call) : uploadPart.handle(call);
    }

    /** CreateMultipartUpload ({@code ?uploads}) or CompleteMultipartUpload ({@code ?uploadId}). */
    Response post(S3Call call) {
        return call.has("uploads") ? create.handle(call) : complete.handle(call);
    }

    /** ListParts. */
    Response listParts(S3Call call) {
        return listParts.handle(call);
    }

    /** AbortMultipartUpload: 204, and the parts are released. */
    Response abort(S3Call call) {
        store.abortMultipartUpload(call.bucket(), call.key(), PartNumbers.uploadId(call));
        return Response.noContent().build();
    }

    /** ListMultipartUploads. */
    Response listUploads(S3Call call, BucketInfo bucket) {
        return listUploads.handle(call, bucket);
    }

    /** A user as listings show one; only a bucket's owner lists it, so the caller's name is known. */
    static Owner user(S3Call call, String userId) {
        return new Owner(userId, userId.equals(call.caller().userId()) ? call.caller().displayName() : userId);
    }

    static boolean urlEncoding(S3Call call) {
        String encoding = call.query("encoding-type");
        if (encoding == null) {
            return false;
        }
        if (!encoding.equals("url")) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request")
                    .with("ArgumentName", "encoding-type").with("ArgumentValue", encoding);
        }
        return true;
    }

    /** A page size parameter: a non-negative integer, clamped to {@code max}; {@code max} when absent. */
    static int boundedCount(S3Call call, String parameter, int max) {
        String value = call.query(parameter);
        if (value == null || value.isEmpty()) {
            return max;
        }
        try {
            int count = Integer.parseInt(value.strip());
            if (count >= 0) {
                return Math.min(count, max);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Provided " + parameter + " not an integer or within "
                + "integer range").with("ArgumentName", parameter).with("ArgumentValue", value);
    }
}
