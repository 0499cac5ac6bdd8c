package io.granary.s3.resource;

import io.granary.core.model.ContentHeaders;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.ObjectWrite;
import io.granary.core.store.ObjectStore;
import io.granary.s3.auth.PostPolicy;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.PostForm;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.PostResponse;
import io.granary.s3.xml.S3Xml;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostObject, the browser upload: the authentication filter has verified the form's policy; this
 * stores the file under the form's key with the form's metadata, enforcing the policy's
 * content-length-range, and answers as {@code success_action_redirect} or
 * {@code success_action_status} ask.
 *
 * <p>The store needs an object's length before its bytes, which a form does not state; the file is
 * spooled to a temporary file (memory stays bounded) and then streamed into the store.
 */
final class PostObject {
    private static final String FILENAME_VARIABLE = "${filename}";

    private final ObjectStore store;

    PostObject(ObjectStore store) {
        this.store = store;
    }

    Response handle(S3Call call, PostForm form) throws IOException {
        BucketAccess.requireOwned(store, call);
        String keyField = form.field("key");
        if (keyField == null || keyField.isEmpty()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Bucket POST must contain a field named 'key'.  "
                    + "If it is specified, please check the order of the fields.")
                    .with("ArgumentName", "key").with("ArgumentValue", "");
        }
        String fileName = baseName(form.fileName());
        ObjectKey key = ObjectKey.of(keyField.replace(FILENAME_VARIABLE, fileName));
        ObjectWrite template = new ObjectWrite(call.bucket(), key, 0, contentHeaders(form), userMetadata(form),
                null, storageClass(form.field("x-amz-storage-class")));
        PostPolicy policy = form.policy();
        Path spool = Files.createTempFile("granary-post-", ".upload");
        ObjectInfo stored;
        try {
            long length = spool(form.file(), spool, Math.min(policy.maxLength(), PutObject.MAX_SINGLE_PUT));
            if (length < policy.minLength()) {
                throw new S3Exception(S3Error.ENTITY_TOO_SMALL).with("ProposedSize", Long.toString(length))
                        .with("MinSizeAllowed", Long.toString(policy.minLength()));
            }
            ObjectWrite write = new ObjectWrite(template.bucket(), key, length, template.headers(),
                    template.userMetadata(), null, template.storageClass());
            try (InputStream data = Files.newInputStream(spool)) {
                stored = store.putObject(write, data);
            }
        } finally {
            Files.deleteIfExists(spool);
        }
        return respond(call, form, key, "\"" + stored.etag() + "\"");
    }

    private static Response respond(S3Call call, PostForm form, ObjectKey key, String etag) {
        String redirect = form.field("success_action_redirect");
        if (redirect == null) {
            redirect = form.field("redirect");
        }
        if (redirect != null && !redirect.isEmpty()) {
            URI target;
            try {
                target = URI.create(redirect + (redirect.contains("?") ? "&" : "?")
                        + "bucket=" + encode(call.bucket().value())
                        + "&key=" + encode(key.value())
                        + "&etag=" + encode(etag));
            } catch (IllegalArgumentException e) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid success_action_redirect: " + redirect)
                        .with("ArgumentName", "success_action_redirect");
            }
            return Response.seeOther(target).header("ETag", etag).build();
        }
        String status = form.field("success_action_status");
        if ("201".equals(status)) {
            String location = "/" + call.bucket().value() + "/" + encode(key.value()).replace("%2F", "/");
            String host = call.header("Host");
            if (host != null) {
                location = "http://" + host + location;
            }
            return Response.status(201).type("application/xml").header("ETag", etag)
                    .header("Location", location)
                    .entity(S3Xml.write(new PostResponse(location, call.bucket().value(), key.value(), etag)))
                    .build();
        }
        if ("200".equals(status)) {
            return Response.ok().header("ETag", etag).build();
        }
        return Response.noContent().header("ETag", etag).build();
    }

    /** Copies the file part to {@code spool}, refusing more than {@code max} bytes; returns its length. */
    private static long spool(InputStream file, Path spool, long max) throws IOException {
        long length = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(spool)) {
            int n;
            while ((n = file.read(buffer)) >= 0) {
                length += n;
                if (length > max) {
                    throw new S3Exception(S3Error.ENTITY_TOO_LARGE).with("ProposedSize", Long.toString(length))
                            .with("MaxSizeAllowed", Long.toString(max));
                }
                out.write(buffer, 0, n);
            }
        }
        return length;
    }

    /** The file name a browser sent, without any directory (old browsers send a whole path). */
    static String baseName(String fileName) {
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        return fileName.substring(slash + 1);
    }

    private static ContentHeaders contentHeaders(PostForm form) {
        return new ContentHeaders(form.field("Content-Type"), form.field("Content-Encoding"),
                form.field("Content-Disposition"), form.field("Content-Language"), form.field("Cache-Control"),
                form.field("Expires"));
    }

    private static Map<String, String> userMetadata(PostForm form) {
        Map<String, String> metadata = new LinkedHashMap<>();
        int size = 0;
        for (Map.Entry<String, String> field : form.fields().entrySet()) {
            if (field.getKey().startsWith("x-amz-meta-") && field.getKey().length() > "x-amz-meta-".length()) {
                String name = field.getKey().substring("x-amz-meta-".length());
                metadata.put(name, field.getValue());
                size += name.getBytes(StandardCharsets.UTF_8).length
                        + field.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (size > PutObject.MAX_USER_METADATA) {
            throw new S3Exception(S3Error.METADATA_TOO_LARGE).with("Size", Integer.toString(size))
                    .with("MaxSizeAllowed", Integer.toString(PutObject.MAX_USER_METADATA));
        }
        return metadata;
    }

    private static String storageClass(String value) {
        if (value != null && !PutObject.STORAGE_CLASSES.contains(value)) {
            throw new S3Exception(S3Error.INVALID_STORAGE_CLASS);
        }
        return value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
