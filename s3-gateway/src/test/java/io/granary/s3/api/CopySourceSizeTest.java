package io.granary.s3.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.model.ByteRange;
import io.granary.core.model.ObjectInfo;
import io.granary.core.store.ObjectStore;
import io.granary.core.store.StoredObject;
import io.granary.core.testing.Fixtures;
import io.granary.s3.GatewaySettings;
import io.granary.s3.testing.GatewayFixture;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Sources above 5 GiB are refused before a byte is read, as S3 refuses them (UploadPartCopy is the
 * way to copy those). The in-memory store cannot hold such an object, so a decorator makes one
 * object claim that size.
 */
class CopySourceSizeTest {
    private static final long SIX_GIB = 6L << 30;

    @Test
    void sourcesAboveFiveGibibytesAreRefused() throws Exception {
        try (GatewayFixture gateway = new GatewayFixture(new GatewaySettings("us-east-1"), CopySourceSizeTest::hugeObject);
                S3Client alice = gateway.client(gateway.alice())) {
            String bucket = Fixtures.uniqueBucketName().value();
            alice.createBucket(b -> b.bucket(bucket));
            alice.putObject(b -> b.bucket(bucket).key("huge"), RequestBody.fromString("claims to be 6 GiB"));
            assertEquals(SIX_GIB, alice.headObject(b -> b.bucket(bucket).key("huge")).contentLength());

            S3Exception refused = assertThrows(S3Exception.class, () -> alice.copyObject(b -> b.sourceBucket(bucket)
                    .sourceKey("huge").destinationBucket(bucket).destinationKey("copy")));
            assertEquals(400, refused.statusCode());
            assertEquals("InvalidRequest", refused.awsErrorDetails().errorCode());
            assertTrue(refused.awsErrorDetails().errorMessage().contains("5368709120"));
            assertThrows(NoSuchKeyException.class, () -> alice.headObject(b -> b.bucket(bucket).key("copy")));
        }
    }

    /**
     * The store, except that the object "huge" says it holds 6 GiB and cannot be read. A proxy, so
     * that it delegates whatever else the interface offers.
     */
    private static ObjectStore hugeObject(ObjectStore store) {
        return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class},
                (proxy, method, arguments) -> {
                    Object result;
                    try {
                        result = method.invoke(store, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof ObjectInfo info) {
                        return inflate(info);
                    }
                    if (result instanceof StoredObject object && isHuge(object.info())) {
                        ObjectInfo info = inflate(object.info());
                        return new StoredObject() {
                            @Override
                            public ObjectInfo info() {
                                return info;
                            }

                            @Override
                            public InputStream open(ByteRange range) {
                                throw new AssertionError("an oversized copy source must not be read");
                            }
                        };
                    }
                    return result;
                });
    }

    private static boolean isHuge(ObjectInfo info) {
        return info.key().value().equals("huge");
    }

    private static ObjectInfo inflate(ObjectInfo info) {
        if (!isHuge(info)) {
            return info;
        }
        return new ObjectInfo(info.bucket(), info.key(), SIX_GIB, info.etag(), info.lastModified(), info.versionId(),
                info.headers(), info.userMetadata(), info.storageClass());
    }
}
