package io.granary.s3.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.core.testing.Fixtures;
import io.granary.s3.testing.GatewayFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * Header values are signed, stored and returned byte for byte. Jetty knows common Content-Type
 * values and, left to itself, hands its own spelling of them to the application ({@code utf-8}
 * for {@code UTF-8}), which breaks the signature of any client that signed the other spelling;
 * S3A's rename copies an object's Content-Type as HEAD returned it, so it hits this.
 */
class HeaderValuesTest {
    private static final List<String> CONTENT_TYPES = List.of("text/plain;charset=utf-8",
            "text/plain;charset=UTF-8", "text/plain; charset=UTF-8", "TEXT/HTML;Charset=UTF-8",
            "application/json;charset=utf-8", "application/octet-stream");

    private static GatewayFixture gateway;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture();
        s3 = gateway.client(gateway.alice());
    }

    @AfterAll
    static void stop() {
        s3.close();
        gateway.close();
    }

    @Test
    void contentTypesAreSignedStoredAndReturnedAsSent() {
        String bucket = Fixtures.uniqueBucketName().value();
        s3.createBucket(b -> b.bucket(bucket));
        for (String contentType : CONTENT_TYPES) {
            String key = "typed/" + contentType.replace('/', '_');
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromString("x"));
            assertEquals(contentType, s3.headObject(b -> b.bucket(bucket).key(key)).contentType(), "HEAD");
            assertEquals(contentType, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).response().contentType(),
                    "GET");
            // What S3A's rename sends: a copy that replaces the metadata with the source's own.
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket)
                    .destinationKey(key + "-copy").metadataDirective(MetadataDirective.REPLACE)
                    .contentType(contentType));
            assertEquals(contentType, s3.headObject(b -> b.bucket(bucket).key(key + "-copy")).contentType(), "copy");
        }
    }
}
