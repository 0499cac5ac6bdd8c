package io.granary.s3.resource;

import io.granary.core.model.NewUpload;
import io.granary.core.model.UploadInfo;
import io.granary.core.store.ObjectStore;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.InitiateMultipartUploadResult;
import jakarta.ws.rs.core.Response;

/**
 * CreateMultipartUpload: POST {@code ?uploads}. The headers a PutObject would store with the object
 * (Content-Type and the other standard ones, {@code x-amz-meta-*}, the storage class) are read the
 * same way and kept with the upload for the object it completes into.
 */
final class CreateMultipartUpload {
    private final ObjectStore store;

    CreateMultipartUpload(ObjectStore store) {
        this.store = store;
    }

    Response handle(S3Call call) {
        RequestedChecksum checksum = RequestedChecksum.of(call);
        UploadInfo upload = store.createMultipartUpload(new NewUpload(call.bucket(), call.key(), call.caller().userId(),
                PutObject.contentHeaders(call), PutObject.userMetadata(call), PutObject.storageClass(call),
                checksum == null ? null : checksum.algorithm()));
        Response.ResponseBuilder response = Xml.okBuilder(new InitiateMultipartUploadResult(upload.bucket().value(),
                upload.key().value(), upload.uploadId()));
        if (upload.checksumAlgorithm() != null) {
            // Parts get full checksums and the object a composite of them, whatever type was asked for.
            response.header("x-amz-checksum-algorithm", upload.checksumAlgorithm().displayName())
                    .header("x-amz-checksum-type", "COMPOSITE");
        }
        return response.build();
    }
}
