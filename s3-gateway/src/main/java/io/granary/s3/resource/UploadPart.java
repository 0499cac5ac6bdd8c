package io.granary.s3.resource;

import io.granary.core.model.PartInfo;
import io.granary.core.model.PartWrite;
import io.granary.core.store.ObjectStore;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * UploadPart: PUT {@code ?partNumber&uploadId}. The body is read as PutObject reads it (its length,
 * Content-MD5, and the payload verification of the authentication filter, aws-chunked included)
 * and streams into a blob of its own, so parts uploaded in parallel are written in parallel. The
 * ETag is the MD5 of the part.
 */
final class UploadPart {
    /** S3's ceiling on one part. */
    static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    private final ObjectStore store;

    UploadPart(ObjectStore store) {
        this.store = store;
    }

    Response handle(S3Call call) throws IOException {
        int partNumber = PartNumbers.required(call);
        String uploadId = PartNumbers.uploadId(call);
        long length = PutObject.contentLength(call);
        if (length > MAX_PART_SIZE) {
            throw new S3Exception(S3Error.ENTITY_TOO_LARGE).with("ProposedSize", Long.toString(length))
                    .with("MaxSizeAllowed", Long.toString(MAX_PART_SIZE));
        }
        RequestedChecksum checksum = RequestedChecksum.of(call);
        PartWrite write = new PartWrite(call.bucket(), call.key(), uploadId, partNumber, length,
                PutObject.contentMd5(call), checksum == null ? null : checksum.algorithm(),
                checksum == null ? null : checksum.value());
        PartInfo part;
        try (InputStream body = call.body()) {
            part = store.uploadPart(write, body == null ? InputStream.nullInputStream() : body);
        }
        Response.ResponseBuilder response = Response.ok().header("ETag", "\"" + part.etag() + "\"");
        if (part.checksum() != null) {
            response.header(part.checksum().algorithm().headerName(), part.checksum().value());
        }
        return response.build();
    }
}
