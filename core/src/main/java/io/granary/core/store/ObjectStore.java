package io.granary.core.store;

import io.granary.core.model.BucketInfo;
import io.granary.core.model.BucketName;
import io.granary.core.model.ListPage;
import io.granary.core.model.ListQuery;
import io.granary.core.model.ObjectInfo;
import io.granary.core.model.ObjectKey;
import io.granary.core.model.ObjectWrite;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Buckets and objects, as protocol front ends use them. Access control is the front end's job:
 * this interface does what it is asked.
 *
 * <p>Thread-safe. Failures are {@link io.granary.core.StoreException}s naming a
 * {@link io.granary.core.StoreError}.
 */
public interface ObjectStore {
    /**
     * Creates a bucket owned by {@code ownerId}. Fails with {@code BUCKET_ALREADY_OWNED_BY_YOU} or
     * {@code BUCKET_ALREADY_EXISTS} if the name is taken.
     */
    BucketInfo createBucket(BucketName name, String ownerId, String region);

    /** The bucket, or a {@code NO_SUCH_BUCKET} failure. */
    BucketInfo bucket(BucketName name);

    /** The buckets {@code ownerId} owns, by name. */
    List<BucketInfo> listBuckets(String ownerId);

    /** Deletes an empty bucket; fails with {@code BUCKET_NOT_EMPTY} otherwise. */
    void deleteBucket(BucketName name);

    /**
     * Stores an object, replacing any object of that key once the new bytes are durable. Reads
     * {@code data} to its end: an {@link IOException} from {@code data} (a payload that failed its
     * signature, say) aborts the write and is thrown as it is; nothing is stored then.
     */
    ObjectInfo putObject(ObjectWrite write, InputStream data) throws IOException;

    /** The object's description, or a {@code NO_SUCH_KEY} failure. */
    ObjectInfo headObject(BucketName bucket, ObjectKey key);

    /** The object, ready to be read by range, or a {@code NO_SUCH_KEY} failure. */
    StoredObject getObject(BucketName bucket, ObjectKey key);

    /** Deletes the object if there is one; deleting a missing key is not an error. */
    void deleteObject(BucketName bucket, ObjectKey key);

    ListPage listObjects(BucketName bucket, ListQuery query);
}
