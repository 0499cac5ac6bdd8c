package io.granary.s3.resource;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.checksum.ObjectChecksum;
import io.granary.core.model.CompletedPart;
import io.granary.core.model.ObjectInfo;
import io.granary.core.store.ObjectStore;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.CompleteMultipartUploadRequest;
import io.granary.s3.xml.CompleteMultipartUploadResult;
import io.granary.s3.xml.S3Xml;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CompleteMultipartUpload: POST {@code ?uploadId} with the list of parts, with or without S3's
 * namespace. The store checks the list (ascending part numbers, each part there with the ETag
 * given, every part but the last at least 5 MiB) and makes the object a manifest over the parts,
 * copying nothing, so the answer comes at once whatever the size.
 */
final class CompleteMultipartUpload {
    /** 10,000 parts of about 150 bytes of XML each, with room for checksums and whitespace. */
    static final int MAX_BODY = 4 * 1024 * 1024;

    private final ObjectStore store;

    CompleteMultipartUpload(ObjectStore store) {
        this.store = store;
    }

    Response handle(S3Call call) {
        String uploadId = PartNumbers.uploadId(call);
        List<CompletedPart> parts = parts(call);
        ObjectInfo object = store.completeMultipartUpload(call.bucket(), call.key(), uploadId, parts);
        return Xml.ok(CompleteMultipartUploadResult.of(location(call), object.bucket().value(), object.key().value(),
                "\"" + object.etag() + "\"", object.checksum()));
    }

    private static List<CompletedPart> parts(S3Call call) {
        byte[] body;
        try (InputStream in = call.body()) {
            body = in == null ? new byte[0] : in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length == 0 || body.length > MAX_BODY) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        CompleteMultipartUploadRequest request = S3Xml.read(new ByteArrayInputStream(body),
                CompleteMultipartUploadRequest.class);
        if (request.parts() == null || request.parts().isEmpty()) {
            throw new S3Exception(S3Error.MALFORMED_XML, "You must specify at least one part");
        }
        List<CompletedPart> parts = new ArrayList<>(request.parts().size());
        for (CompleteMultipartUploadRequest.Part part : request.parts()) {
            if (part == null || part.partNumber() == null || part.etag() == null) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
            parts.add(new CompletedPart(part.partNumber(), part.etag(), checksum(part)));
        }
        return parts;
    }

    /** The checksum a part names, if any: one, and well formed. */
    private static ObjectChecksum checksum(CompleteMultipartUploadRequest.Part part) {
        Map<ChecksumAlgorithm, String> named = part.checksums().present();
        if (named.isEmpty()) {
            return null;
        }
        if (named.size() > 1) {
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "Expecting a single checksum per part. Multiple checksum Types are not allowed.");
        }
        Map.Entry<ChecksumAlgorithm, String> only = named.entrySet().iterator().next();
        if (!only.getKey().isWellFormed(only.getValue())) {
            throw new S3Exception(S3Error.INVALID_PART, "The " + only.getKey().displayName() + " of part "
                    + part.partNumber() + " is not a valid checksum.");
        }
        return ObjectChecksum.fullObject(only.getKey(), only.getValue());
    }

    /** The object's URL, in the addressing style of the request. */
    private static String location(S3Call call) {
        String host = call.header("Host");
        String bucket = call.bucket().value();
        String key = URLEncoder.encode(call.key().value(), StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%2F", "/");
        if (host == null) {
            return "/" + bucket + "/" + key;
        }
        String hostName = host.toLowerCase(Locale.ROOT);
        boolean virtualHosted = hostName.startsWith(bucket + ".");
        return "http://" + host + "/" + (virtualHosted ? "" : bucket + "/") + key;
    }
}
