package io.granary.it.s3a;

import io.granary.core.auth.AccessKey;
import io.granary.core.testing.Fixtures;
import io.granary.it.SharedCloud;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How S3A is pointed at the {@link SharedCloud} gateway: the configuration a Hadoop user would put
 * in core-site.xml for a custom endpoint, with everything else (change detection, listing version,
 * multi-object delete, directory markers) left at hadoop-aws's defaults.
 */
public final class S3AOnGranary {
    /**
     * Part size and multipart threshold: S3A's minimum (5 MiB) instead of its 64 MiB default, so
     * that a file of a few MiB already takes the multipart path.
     */
    public static final int PART_SIZE = 5 << 20;

    private S3AOnGranary() {
    }

    /** S3A's configuration for the shared gateway and its test user, over Hadoop's defaults. */
    public static Configuration configuration() {
        return apply(new Configuration());
    }

    /** Sets the gateway's endpoint, the test user and the settings above in {@code conf}. */
    public static Configuration apply(Configuration conf) {
        AccessKey key = SharedCloud.key();
        conf.set("fs.s3a.endpoint", SharedCloud.endpoint().toString());
        conf.setBoolean("fs.s3a.path.style.access", true);
        // Any named region: without one S3A asks AWS where the bucket lives.
        conf.set("fs.s3a.endpoint.region", "us-east-1");
        conf.setBoolean("fs.s3a.connection.ssl.enabled", false);
        conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.set("fs.s3a.access.key", key.accessKeyId());
        conf.set("fs.s3a.secret.key", key.secretKey());
        conf.setLong("fs.s3a.multipart.size", PART_SIZE);
        conf.setLong("fs.s3a.multipart.threshold", PART_SIZE);
        // Upload blocks are buffered on disk (S3A's default), under the build directory.
        conf.set("fs.s3a.buffer.dir", Path.of("target", "s3a-buffer").toAbsolutePath().toString());
        return conf;
    }

    /** Creates a new bucket for one test class. */
    public static String createBucket() {
        String bucket = Fixtures.uniqueBucketName().value();
        try (S3Client s3 = sdkClient()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    /**
     * A plain AWS SDK v2 client for the same gateway and user: the second writer and the
     * independent witness of what S3A stored.
     */
    public static S3Client sdkClient() {
        AccessKey key = SharedCloud.key();
        return S3Client.builder().endpointOverride(SharedCloud.endpoint()).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretKey())))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
