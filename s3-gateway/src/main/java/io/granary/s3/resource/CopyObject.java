package io.granary.s3.resource;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.model.BucketInfo;
import io.granary.core.model.BucketName;
import io.granary.core.model.ByteRange;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.ObjectWrite;
import io.granary.core.store.CopySourceStream;
import io.granary.core.store.ObjectStore;
import io.granary.core.store.StoredObject;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.Preconditions;
import io.granary.s3.http.S3Address;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.CopyObjectResult;
import io.granary.s3.xml.S3Xml;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * CopyObject: PUT with {@code x-amz-copy-source}. The caller must own both buckets. The source's
 * bytes stream through the gateway from the store back into it (bounded memory), so a copy costs a
 * read and a write of the object; the copy of a single-PUT object has the source's ETag, since its
 * bytes are the same.
 *
 * <p>With {@code x-amz-metadata-directive: COPY} (the default) the copy keeps the source's content
 * headers, user metadata and storage class (unless {@code x-amz-storage-class} names another);
 * with {@code REPLACE} they all come from this request, as for a PutObject. The
 * {@code x-amz-copy-source-if-*} conditions are evaluated on the source; any that does not hold
 * fails the copy with 412 (never 304). Copying an object onto itself must change something
 * (REPLACE, or another storage class), and sources above 5 GiB must be copied with UploadPartCopy,
 * as on S3.
 */
final class CopyObject {
    /** S3's ceiling for a CopyObject source. */
    static final long MAX_SOURCE_SIZE = 5L * 1024 * 1024 * 1024;

    private static final String SELF_COPY = "This copy request is illegal because it is trying to copy an object to "
            + "itself without changing the object's metadata, storage class, website redirect location or encryption "
            + "attributes.";

    private final ObjectStore store;

    CopyObject(ObjectStore store) {
        this.store = store;
    }

    /** Where a copy comes from: {@code x-amz-copy-source}, {@code [/]bucket/key[?versionId=id]}, URL-encoded. */
    record CopySource(BucketName bucket, ObjectKey key, String versionId) {
        static CopySource parse(String header) {
            String value = header.strip();
            String versionId = null;
            int question = value.indexOf('?');
            if (question >= 0) {
                for (String parameter : value.substring(question + 1).split("&")) {
                    if (parameter.startsWith("versionId=")) {
                        versionId = decode(parameter.substring("versionId=".length()), header);
                    }
                }
                value = value.substring(0, question);
            }
            if (value.startsWith("/")) {
                value = value.substring(1);
            }
            int slash = value.indexOf('/');
            if (slash <= 0 || slash == value.length() - 1) {
                throw invalid(header);
            }
            BucketName bucket = BucketName.of(decode(value.substring(0, slash), header));
            ObjectKey key = ObjectKey.of(decode(value.substring(slash + 1), header));
            return new CopySource(bucket, key, versionId);
        }

        private static String decode(String raw, String header) {
            try {
                return S3Address.decode(raw);
            } catch (S3Exception e) {
                throw invalid(header);
            }
        }

        private static S3Exception invalid(String header) {
            return new S3Exception(S3Error.INVALID_ARGUMENT,
                    "Copy Source must mention the source bucket and key: sourcebucket/sourcekey")
                    .with("ArgumentName", "x-amz-copy-source").with("ArgumentValue", header);
        }
    }

    private enum MetadataDirective { COPY, REPLACE }

    /** Copies; the caller has checked that the destination bucket exists and is the caller's. */
    Response handle(S3Call call) throws IOException {
        CopySource source = CopySource.parse(call.header("x-amz-copy-source"));
        MetadataDirective directive = directive(call);
        String storageClass = PutObject.storageClass(call);

        StoredObject object = fetchSource(store, source, call);
        ObjectInfo info = object.info();

        BucketName bucket = call.bucket();
        ObjectKey key = call.key();
        boolean ontoItself = bucket.equals(source.bucket()) && key.equals(source.key());
        if (ontoItself && directive == MetadataDirective.COPY
                && (storageClass == null || storageClass.equals(info.storageClass()))) {
            throw new S3Exception(S3Error.INVALID_REQUEST, SELF_COPY);
        }
        if (info.size() > MAX_SOURCE_SIZE) {
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "The specified copy source is larger than the maximum allowable size for a copy source: "
                            + MAX_SOURCE_SIZE);
        }

        ChecksumAlgorithm checksum = copyChecksum(call, info);
        ObjectWrite write = directive == MetadataDirective.REPLACE
                ? new ObjectWrite(bucket, key, info.size(), PutObject.contentHeaders(call), PutObject.userMetadata(call),
                        null, storageClass, checksum, null)
                : new ObjectWrite(bucket, key, info.size(), info.headers(), info.userMetadata(), null,
                        storageClass != null ? storageClass : info.storageClass(), checksum, null);
        // The copy shares the source's bytes where the layout allows; otherwise they are copied.
        Optional<ObjectInfo> shared = store.copyObjectSharingBytes(write, info);
        ObjectInfo stored;
        if (shared.isPresent()) {
            stored = shared.get();
        } else {
            ByteRange whole = info.size() == 0 ? null : ByteRange.whole(info.size());
            try (InputStream bytes = CopySourceStream.open(object, whole)) {
                stored = store.putObject(write, bytes);
            }
        }
        return Xml.ok(new CopyObjectResult("\"" + stored.etag() + "\"", S3Xml.timestamp(stored.lastModified())));
    }

    /**
     * The checksum the copy keeps: the one {@code x-amz-checksum-algorithm} names, else the source's
     * algorithm, computed afresh over the copied bytes (a copy is stored whole, so even the copy of
     * a multipart object gets a full-object checksum).
     */
    private static ChecksumAlgorithm copyChecksum(S3Call call, ObjectInfo source) {
        RequestedChecksum requested = RequestedChecksum.of(call);
        if (requested != null) {
            return requested.algorithm();
        }
        return source.checksum() == null ? null : source.checksum().algorithm();
    }

    private static MetadataDirective directive(S3Call call) {
        String value = call.header("x-amz-metadata-directive");
        if (value == null) {
            return MetadataDirective.COPY;
        }
        try {
            return MetadataDirective.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Unknown metadata directive.")
                    .with("ArgumentName", "x-amz-metadata-directive").with("ArgumentValue", value);
        }
    }

    /**
     * The copy source, if the caller owns its bucket, it exists in the version asked for, and the
     * {@code x-amz-copy-source-if-*} conditions hold; S3's error otherwise, naming the source key.
     */
    static StoredObject fetchSource(ObjectStore store, CopySource source, S3Call call) {
        BucketInfo sourceBucket = store.bucket(source.bucket());
        if (!sourceBucket.ownerId().equals(call.caller().userId())) {
            throw new S3Exception(S3Error.ACCESS_DENIED);
        }
        StoredObject object;
        try {
            object = store.getObject(source.bucket(), source.key());
        } catch (StoreException e) {
            if (e.error() == StoreError.NO_SUCH_KEY) {
                throw new S3Exception(S3Error.NO_SUCH_KEY, e.getMessage(), e).with("Key", source.key().value());
            }
            throw e;
        }
        checkVersion(source, object.info());
        checkConditions(call, object.info());
        return object;
    }

    /** Unversioned buckets answer only to the id "null" and to the current version's id. */
    private static void checkVersion(CopySource source, ObjectInfo info) {
        String versionId = source.versionId();
        if (versionId != null && !versionId.equals("null") && !versionId.equals(info.versionId().toString())) {
            throw new S3Exception(S3Error.NO_SUCH_VERSION).with("Key", source.key().value())
                    .with("VersionId", versionId);
        }
    }

    /**
     * The {@code x-amz-copy-source-if-*} headers, in the same order as for a GET: If-Match wins over
     * If-Unmodified-Since and If-None-Match over If-Modified-Since. A copy that would be "not
     * modified" fails with 412 like any other condition.
     */
    private static void checkConditions(S3Call call, ObjectInfo info) {
        Preconditions.Decision decision = Preconditions.evaluate(info.etag(), info.lastModified(),
                call.header("x-amz-copy-source-if-match"), call.header("x-amz-copy-source-if-none-match"),
                call.header("x-amz-copy-source-if-modified-since"),
                call.header("x-amz-copy-source-if-unmodified-since"));
        if (decision.outcome() != Preconditions.Outcome.PROCEED) {
            throw new S3Exception(S3Error.PRECONDITION_FAILED)
                    .with("Condition", "x-amz-copy-source-" + decision.failedCondition());
        }
    }
}
