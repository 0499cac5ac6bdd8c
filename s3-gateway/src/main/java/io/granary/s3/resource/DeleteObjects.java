package io.granary.s3.resource;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.model.BucketInfo;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.store.ObjectStore;
import io.granary.core.version.VersionId;
import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.error.StoreErrors;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.DeleteRequest;
import io.granary.s3.xml.DeleteResult;
import io.granary.s3.xml.S3Xml;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeleteObjects: POST {@code ?delete} with a {@code <Delete>} document naming up to 1000 keys.
 *
 * <p>As on S3 the body must carry an integrity check, Content-MD5 or an {@code x-amz-checksum-*}
 * header (or trailer), which is verified before anything is deleted. Each key is then deleted on its
 * own: a key that is not there counts as deleted, and a key that cannot be deleted (too long, say)
 * gets an {@code <Error>} entry while the others go ahead. Quiet mode reports only the errors.
 * {@code x-amz-bypass-governance-retention} and {@code x-amz-mfa} are accepted and ignored: there
 * is no object lock and no versioning.
 */
final class DeleteObjects {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteObjects.class);

    /** S3's limit on the keys of one request. */
    static final int MAX_KEYS = 1000;
    /** 1000 keys of 1024 bytes, each character escaped, with room for versions and whitespace. */
    static final int MAX_BODY = 8 * 1024 * 1024;

    private final ObjectStore store;

    DeleteObjects(ObjectStore store) {
        this.store = store;
    }

    /** Deletes; the caller has checked that the bucket is the caller's. */
    Response handle(S3Call call, BucketInfo bucket) throws IOException {
        byte[] expectedMd5 = PutObject.contentMd5(call);
        RequestedChecksum checksum = RequestedChecksum.of(call);
        if (expectedMd5 == null && (checksum == null || !checksum.verifiesBody())) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Missing required header for this request: Content-MD5");
        }
        byte[] body = readBody(call);
        if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, md5(body))) {
            throw new S3Exception(S3Error.BAD_DIGEST);
        }
        if (checksum != null && checksum.value() != null) {
            verify(checksum.algorithm(), checksum.value(), body);
        }

        DeleteRequest request = S3Xml.read(new ByteArrayInputStream(body), DeleteRequest.class);
        List<DeleteRequest.ObjectIdentifier> objects = request.objects() == null ? List.of() : request.objects();
        if (objects.isEmpty() || objects.size() > MAX_KEYS) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        List<DeleteResult.Deleted> deleted = new ArrayList<>();
        List<DeleteResult.DeleteError> errors = new ArrayList<>();
        for (DeleteRequest.ObjectIdentifier object : objects) {
            Optional<DeleteResult.DeleteError> error = delete(bucket, object);
            if (error.isPresent()) {
                errors.add(error.get());
            } else if (!request.isQuiet()) {
                deleted.add(new DeleteResult.Deleted(object.key(), object.versionId()));
            }
        }
        return Xml.ok(new DeleteResult(deleted, errors));
    }

    /** Deletes one key; returns the error entry if it could not be deleted. */
    private Optional<DeleteResult.DeleteError> delete(BucketInfo bucket, DeleteRequest.ObjectIdentifier object) {
        try {
            ObjectKey key = ObjectKey.of(object.key() == null ? "" : object.key());
            String versionId = object.versionId();
            if (versionId != null && !versionId.equals("null")) {
                VersionId version;
                try {
                    version = VersionId.parse(versionId);
                } catch (IllegalArgumentException e) {
                    return Optional.of(new DeleteResult.DeleteError(object.key(), versionId,
                            S3Error.INVALID_ARGUMENT.code(), "Invalid version id specified"));
                }
                // Only the current version exists; any other is already gone, which counts as deleted.
                if (!isCurrent(bucket, key, version)) {
                    return Optional.empty();
                }
            }
            store.deleteObject(bucket.name(), key);
            return Optional.empty();
        } catch (StoreException e) {
            S3Exception s3 = StoreErrors.toS3(e);
            if (s3.error() == S3Error.INTERNAL_ERROR || s3.error() == S3Error.SERVICE_UNAVAILABLE) {
                LOG.warn("deleting one key of a DeleteObjects request failed", e);
            }
            return Optional.of(new DeleteResult.DeleteError(object.key(), object.versionId(), s3.error().code(),
                    s3.getMessage()));
        }
    }

    private boolean isCurrent(BucketInfo bucket, ObjectKey key, VersionId version) {
        try {
            ObjectInfo current = store.headObject(bucket.name(), key);
            return current.versionId().equals(version);
        } catch (StoreException e) {
            if (e.error() == StoreError.NO_SUCH_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Reads the whole body, to its end (so that a verifying stream checks it), within the limit. */
    private static byte[] readBody(S3Call call) throws IOException {
        byte[] body;
        try (InputStream in = call.body()) {
            body = in == null ? new byte[0] : in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        return body;
    }

    private static void verify(ChecksumAlgorithm algorithm, String value, byte[] body) {
        ChecksumAlgorithm.Running running = algorithm.start();
        running.update(body, 0, body.length);
        if (!running.finish().equals(value)) {
            throw new S3Exception(S3Error.BAD_DIGEST,
                    "The " + algorithm.displayName() + " you specified did not match the calculated checksum.");
        }
    }

    private static byte[] md5(byte[] body) {
        try {
            return MessageDigest.getInstance("MD5").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
