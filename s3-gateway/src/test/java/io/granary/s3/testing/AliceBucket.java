package io.granary.s3.testing;

import io.granary.core.testing.Fixtures;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The set-up most gateway API tests share: a gateway over in-memory storage, its user alice's SDK
 * client and signed HTTP client, and a bucket of hers. Close it to stop the gateway.
 */
public final class AliceBucket implements AutoCloseable {
    private final GatewayFixture gateway;
    private final S3Client alice;
    private final SignedHttp http;
    private final String bucket;

    private AliceBucket(GatewayFixture gateway) {
        this.gateway = gateway;
        this.alice = gateway.client(gateway.alice());
        this.http = gateway.http(gateway.alice());
        this.bucket = Fixtures.uniqueBucketName().value();
        alice.createBucket(b -> b.bucket(bucket));
    }

    /** Starts a gateway and creates alice's bucket. */
    public static AliceBucket start() throws Exception {
        return new AliceBucket(new GatewayFixture());
    }

    public GatewayFixture gateway() {
        return gateway;
    }

    public S3Client alice() {
        return alice;
    }

    public SignedHttp http() {
        return http;
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public void close() {
        alice.close();
        gateway.close();
    }
}
