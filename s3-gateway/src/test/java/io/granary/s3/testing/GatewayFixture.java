package io.granary.s3.testing;

import io.granary.core.auth.AccessKey;
import io.granary.core.auth.Credentials;
import io.granary.core.store.ObjectService;
import io.granary.core.store.ObjectStore;
import io.granary.core.testing.InMemoryBlobStore;
import io.granary.core.testing.InMemoryCatalog;
import io.granary.core.testing.InMemoryCredentialStore;
import io.granary.core.testing.InMemoryUploadCatalog;
import io.granary.s3.GatewaySettings;
import io.granary.s3.S3Server;
import java.net.URI;
import java.time.Clock;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A gateway on a free loopback port over in-memory fakes, with users {@code alice} and
 * {@code bob}: the real HTTP stack, authentication and handlers, without a cluster.
 */
public final class GatewayFixture implements AutoCloseable {
    private final S3Server server;
    private final AccessKey alice;
    private final AccessKey bob;
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();

    public GatewayFixture() throws Exception {
        this(new GatewaySettings("us-east-1"));
    }

    /** A gateway with these settings (virtual-host domains, say). */
    public GatewayFixture(GatewaySettings settings) throws Exception {
        this(settings, UnaryOperator.identity());
    }

    /**
     * A gateway with these settings over the in-memory store as {@code decorator} wraps it (to
     * simulate what the fakes cannot hold, such as a very large object).
     */
    public GatewayFixture(GatewaySettings settings, UnaryOperator<ObjectStore> decorator) throws Exception {
        InMemoryCredentialStore users = new InMemoryCredentialStore();
        Credentials credentials = new Credentials(users, Clock.systemUTC());
        alice = credentials.ensureUserWithKey("alice");
        bob = credentials.ensureUserWithKey("bob");
        ObjectService store = new ObjectService(new InMemoryCatalog(), new InMemoryUploadCatalog(), blobs,
                Clock.systemUTC(), 1);
        server = new S3Server("127.0.0.1", 0, settings, decorator.apply(store), users, Clock.systemUTC());
        server.start();
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public AccessKey alice() {
        return alice;
    }

    public AccessKey bob() {
        return bob;
    }

    public InMemoryBlobStore blobs() {
        return blobs;
    }

    /** An SDK v2 client, path style, signing as {@code key}. */
    public S3Client client(AccessKey key) {
        return client(endpoint(), key.accessKeyId(), key.secretKey());
    }

    public static S3Client client(URI endpoint, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    public SignedHttp http(AccessKey key) {
        return new SignedHttp(endpoint(), key.accessKeyId(), key.secretKey());
    }

    @Override
    public void close() {
        server.close();
    }
}
