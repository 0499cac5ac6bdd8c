package io.granary.s3.resource;

import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectWrite;
import io.granary.core.store.ObjectStore;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PutObject: the body streams into the store, which commits the object only once every byte is
 * durable and matched its Content-MD5 and payload signature.
 */
final class PutObject {
    /** S3's ceiling for a single PUT. */
    static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;
    /** S3's ceiling on user metadata: names and values, in bytes. */
    static final int MAX_USER_METADATA = 2 * 1024;
    static final Set<String> STORAGE_CLASSES = Set.of("STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA",
            "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE");

    private final ObjectStore store;

    PutObject(ObjectStore store) {
        this.store = store;
    }

    Response handle(S3Call call) throws IOException {
        long length = contentLength(call);
        if (length > MAX_SINGLE_PUT) {
            throw new S3Exception(S3Error.ENTITY_TOO_LARGE).with("ProposedSize", Long.toString(length))
                    .with("MaxSizeAllowed", Long.toString(MAX_SINGLE_PUT));
        }
        RequestedChecksum checksum = RequestedChecksum.of(call);
        ObjectWrite write = new ObjectWrite(call.bucket(), call.key(), length, contentHeaders(call),
                userMetadata(call), contentMd5(call), storageClass(call),
                checksum == null ? null : checksum.algorithm(), checksum == null ? null : checksum.value());
        ObjectInfo stored;
        try (InputStream body = call.body()) {
            stored = store.putObject(write, body == null ? InputStream.nullInputStream() : body);
        }
        Response.ResponseBuilder response = Response.ok().header("ETag", "\"" + stored.etag() + "\"");
        RequestedChecksum.addTo(response, stored.checksum());
        return response.build();
    }

    /** The object's size: the decoded length of an aws-chunked body, or Content-Length. */
    static long contentLength(S3Call call) {
        String decoded = call.header("x-amz-decoded-content-length");
        String value = decoded != null ? decoded : call.header("Content-Length");
        if (value == null) {
            throw new S3Exception(S3Error.MISSING_CONTENT_LENGTH);
        }
        try {
            long length = Long.parseLong(value.trim());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid content length: " + value);
        }
    }

    static ContentHeaders contentHeaders(S3Call call) {
        return new ContentHeaders(call.header("Content-Type"), contentEncoding(call.header("Content-Encoding")),
                call.header("Content-Disposition"), call.header("Content-Language"), call.header("Cache-Control"),
                call.header("Expires"));
    }

    /** The stored Content-Encoding: the client's, less {@code aws-chunked}, which only framed the upload. */
    static String contentEncoding(String header) {
        if (header == null) {
            return null;
        }
        List<String> codings = java.util.Arrays.stream(header.split(","))
                .map(String::trim)
                .filter(c -> !c.isEmpty() && !c.equalsIgnoreCase("aws-chunked"))
                .toList();
        return codings.isEmpty() ? null : String.join(",", codings);
    }

    static Map<String, String> userMetadata(S3Call call) {
        Map<String, String> metadata = new LinkedHashMap<>();
        int size = 0;
        for (Map.Entry<String, List<String>> header : call.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-meta-") && name.length() > "x-amz-meta-".length()) {
                String key = name.substring("x-amz-meta-".length());
                String value = String.join(",", header.getValue());
                metadata.put(key, value);
                size += key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (size > MAX_USER_METADATA) {
            throw new S3Exception(S3Error.METADATA_TOO_LARGE).with("Size", Integer.toString(size))
                    .with("MaxSizeAllowed", Integer.toString(MAX_USER_METADATA));
        }
        return metadata;
    }

    static byte[] contentMd5(S3Call call) {
        String header = call.header("Content-MD5");
        if (header == null) {
            return null;
        }
        try {
            byte[] digest = Base64.getDecoder().decode(header.trim());
            if (digest.length != 16) {
                throw new IllegalArgumentException("not 16 bytes");
            }
            return digest;
        } catch (IllegalArgumentException e) {
            throw new S3Exception(S3Error.INVALID_DIGEST);
        }
    }

    static String storageClass(S3Call call) {
        String value = call.header("x-amz-storage-class");
        if (value == null) {
            return null;
        }
        if (!STORAGE_CLASSES.contains(value)) {
            throw new S3Exception(S3Error.INVALID_STORAGE_CLASS);
        }
        return value;
    }
}
