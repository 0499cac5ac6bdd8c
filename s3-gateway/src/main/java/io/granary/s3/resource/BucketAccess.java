package io.granary.s3.resource;

import io.granary.core.model.BucketInfo;
import io.granary.core.store.ObjectStore;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;

/**
 * Access control, closed by default: a bucket and everything in it is reachable only by its owner
 * until bucket policies and ACL grants exist.
 */
final class BucketAccess {
    private BucketAccess() {
    }

    /** The addressed bucket, if it exists (NoSuchBucket otherwise) and the caller owns it (AccessDenied otherwise). */
    static BucketInfo requireOwned(ObjectStore store, S3Call call) {
        BucketInfo bucket = store.bucket(call.bucket());
        if (!bucket.ownerId().equals(call.caller().userId())) {
            throw new S3Exception(S3Error.ACCESS_DENIED);
        }
        return bucket;
    }
}
