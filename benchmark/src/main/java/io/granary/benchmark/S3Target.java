package io.granary.benchmark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The gateway side: objects in a bucket of their own, through the AWS SDK for Java v2 with its
 * defaults (path-style addressing, the Apache HTTP client, SigV4) except that it never retries, so
 * every latency is one request and every failure is seen.
 */
final class S3Target implements Target {
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final PutHeaderProbe probe;
    private final Queue<String> written = new ConcurrentLinkedQueue<>();

    private S3Target(S3Client s3, String bucket, PutHeaderProbe probe) {
        this.s3 = s3;
        this.bucket = bucket;
        this.probe = probe;
    }

    /** Connects with {@code threads} pooled connections and creates {@code bucket}. */
    static S3Target open(URI endpoint, String accessKey, String secretKey, int threads, String bucket) {
        PutHeaderProbe probe = new PutHeaderProbe();
        S3Client s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(threads))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(probe))
                .build();
        try {
            s3.createBucket(b -> b.bucket(bucket));
            return new S3Target(s3, bucket, probe);
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    String bucket() {
        return bucket;
    }

    /** How the SDK sent the first PutObject: its payload signing and checksum headers. */
    Optional<String> putHeaders() {
        return Optional.ofNullable(probe.seen.get());
    }

    @Override
    public void write(String name, byte[] data, int length) {
        written.add(name);
        // A provider over the caller's buffer: no copy, as with a file or socket source.
        RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length),
                length, CONTENT_TYPE);
        s3.putObject(b -> b.bucket(bucket).key(name), body);
    }

    @Override
    public long read(String name, byte[] buffer, CRC32C crc) throws IOException {
        long total = 0;
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(name))) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
                total += n;
            }
        }
        return total;
    }

    @Override
    public String cleanUp(int threads) throws BenchmarkFailure {
        List<String> names = new ArrayList<>(written);
        if (!names.isEmpty()) {
            PhaseRunner.run("gateway clean-up", names.size(), 0, threads,
                    (index, scratch) -> s3.deleteObject(b -> b.bucket(bucket).key(names.get(index))));
        }
        s3.deleteBucket(b -> b.bucket(bucket));
        written.clear();
        return "deleted " + names.size() + " objects and the bucket " + bucket;
    }

    @Override
    public void close() {
        s3.close();
    }

    /** Keeps the signed headers of the first PutObject the SDK transmits. */
    private static final class PutHeaderProbe implements ExecutionInterceptor {
        private final AtomicReference<String> seen = new AtomicReference<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (seen.get() == null && context.request() instanceof PutObjectRequest) {
                SdkHttpRequest http = context.httpRequest();
                seen.compareAndSet(null, "x-amz-content-sha256: " + header(http, "x-amz-content-sha256")
                        + ", x-amz-trailer: " + header(http, "x-amz-trailer")
                        + ", Content-Encoding: " + header(http, "Content-Encoding"));
            }
        }

        private static String header(SdkHttpRequest http, String name) {
            return http.firstMatchingHeader(name).orElse("(none)");
        }
    }
}
