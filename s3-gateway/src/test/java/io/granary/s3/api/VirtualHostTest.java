package io.granary.s3.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.auth.AccessKey;
import io.granary.core.testing.Fixtures;
import io.granary.s3.GatewaySettings;
import io.granary.s3.testing.GatewayFixture;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Virtual-hosted-style requests through the AWS SDK v2 ({@code forcePathStyle(false)}): the SDK
 * puts the bucket in the Host header ({@code bucket.s3.granary.test:PORT}) and the key alone in the
 * path. No DNS is needed: the client's resolver maps every name to the loopback address, so the
 * requests really travel with those Host headers.
 */
class VirtualHostTest {
    private static final String DOMAIN = "s3.granary.test";

    private static GatewayFixture gateway;
    private static URI domainEndpoint;
    private static S3Client virtualHosted;
    private static S3Client pathStyleOnDomain;
    private static S3Client pathStyleOnIp;
    /** The Host headers the virtual-hosted client sent, as they went out on the wire. */
    private static final List<String> HOSTS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(new GatewaySettings("us-east-1", List.of("other.example", DOMAIN.toUpperCase())));
        domainEndpoint = URI.create("http://" + DOMAIN + ":" + gateway.endpoint().getPort());
        virtualHosted = client(domainEndpoint, gateway.alice(), false);
        pathStyleOnDomain = client(domainEndpoint, gateway.alice(), true);
        pathStyleOnIp = gateway.client(gateway.alice());
    }

    @AfterAll
    static void stop() {
        virtualHosted.close();
        pathStyleOnDomain.close();
        pathStyleOnIp.close();
        gateway.close();
    }

    @Test
    void everyOperationWorksWithTheBucketInTheHost() {
        String bucket = Fixtures.uniqueBucketName().value();
        virtualHosted.createBucket(b -> b.bucket(bucket));
        virtualHosted.headBucket(b -> b.bucket(bucket));
        // In this style the key is the whole path, so "../x" climbs above "/" (past Jetty's parser).
        List<String> keys = List.of("plain", "dir/a b+c", "日本/語", "a/../b", "../x", "a/../../b", "a//b", "x?y=z&w",
                "100%");
        for (String key : keys) {
            virtualHosted.putObject(b -> b.bucket(bucket).key(key).metadata(Map.of("k", "v")), RequestBody.fromString(key));
        }
        for (String key : keys) {
            assertEquals(key, virtualHosted.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
            // The same object, addressed by path on the IP endpoint.
            assertEquals(key, pathStyleOnIp.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
        }
        assertEquals(keys.stream().sorted(io.granary.core.model.Utf8Order.COMPARATOR).toList(),
                virtualHosted.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("dir/"), virtualHosted.listObjects(b -> b.bucket(bucket).prefix("dir").delimiter("/"))
                .commonPrefixes().stream().map(p -> p.prefix()).toList());

        virtualHosted.copyObject(b -> b.sourceBucket(bucket).sourceKey("dir/a b+c").destinationBucket(bucket)
                .destinationKey("copied"));
        assertEquals("dir/a b+c", pathStyleOnIp.getObjectAsBytes(b -> b.bucket(bucket).key("copied")).asUtf8String());
        List<String> all = new ArrayList<>(keys);
        all.add("copied");
        assertEquals(all.size(), virtualHosted.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(all.stream()
                .map(k -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(k).build()).toList())))
                .deleted().size());
        assertEquals(0, pathStyleOnIp.listObjectsV2(b -> b.bucket(bucket)).keyCount());
        virtualHosted.deleteBucket(b -> b.bucket(bucket));
        assertThrows(NoSuchBucketException.class, () -> pathStyleOnIp.headBucket(b -> b.bucket(bucket)));

        synchronized (HOSTS) {
            assertTrue(HOSTS.contains(bucket + "." + DOMAIN + ":" + gateway.endpoint().getPort()), HOSTS.toString());
        }
    }

    @Test
    void theDomainItselfAndIpAddressesArePathStyle() {
        String bucket = Fixtures.uniqueBucketName().value();
        pathStyleOnDomain.createBucket(b -> b.bucket(bucket));
        pathStyleOnDomain.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
        assertEquals("v", pathStyleOnIp.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
        assertEquals("v", virtualHosted.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
        assertTrue(pathStyleOnDomain.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)));
    }

    @Test
    void anotherUsersBucketIsStillClosed() {
        String bucket = Fixtures.uniqueBucketName().value();
        virtualHosted.createBucket(b -> b.bucket(bucket));
        try (S3Client bob = client(domainEndpoint, gateway.bob(), false)) {
            S3Exception denied = assertThrows(S3Exception.class, () -> bob.listObjectsV2(b -> b.bucket(bucket)));
            assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        }
    }

    private static S3Client client(URI endpoint, AccessKey key, boolean pathStyle) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(pathStyle)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretKey())))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .dnsResolver(host -> new InetAddress[] {InetAddress.getLoopbackAddress()}))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        context.httpRequest().firstMatchingHeader("Host").ifPresent(host -> {
                            synchronized (HOSTS) {
                                HOSTS.add(host);
                            }
                        });
                    }
                }))
                .build();
    }
}
