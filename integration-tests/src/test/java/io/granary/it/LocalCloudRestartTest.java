package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.auth.AccessKey;
import io.granary.core.testing.Fixtures;
import io.granary.launcher.GranaryConfig;
import io.granary.launcher.LocalCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything written to a local cloud (objects over S3, a volume over NBD) is there after it is
 * stopped and started again on the same data directory.
 */
class LocalCloudRestartTest {
    @Test
    void aRestartKeepsBucketsObjectsAndCredentials() throws Exception {
        Path data = SharedStorageTier.newDataDirectory("restart-cloud");
        GranaryConfig config = GranaryConfig.load(null).with(GranaryConfig.S3_PORT, "0")
                .with(GranaryConfig.NBD_PORT, "0").with(GranaryConfig.ADMIN_PORT, "0");
        String bucket = Fixtures.uniqueBucketName().value();
        Map<String, byte[]> written = new LinkedHashMap<>();
        written.put("small.txt", Fixtures.randomBytes(777));
        written.put("dir/large.bin", Fixtures.randomBytes(3 * (1 << 20) + 5));
        written.put("empty", new byte[0]);

        AccessKey firstKey;
        try (LocalCloud cloud = LocalCloud.start(SharedStorageTier.granaryHome(), data, config, SharedStorageTier.START_TIMEOUT)) {
            firstKey = cloud.adminKey();
            cloud.services().volumes().create("boot", 8 << 20);
            VolumeNbdTest.run(data, "qemu-io", "-f", "raw", "-c", "write -P 0x61 0 1M", "-c", "write -P 0x62 7M 4k",
                    cloud.services().nbdEndpoint() + "/boot");
            Properties endpoints = new Properties();
            try (var in = Files.newInputStream(data.resolve("service-endpoints.properties"))) {
                endpoints.load(in);
            }
            assertEquals(cloud.services().nbdEndpoint().toString(), endpoints.getProperty("nbd"));
            assertEquals(cloud.services().adminEndpoint().toString(), endpoints.getProperty("admin"));
            try (S3Client s3 = SdkV2ClusterTest.client(cloud.services().s3Endpoint(), firstKey)) {
                s3.createBucket(b -> b.bucket(bucket));
                written.forEach((key, bytes) -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
            }
        }
        Properties saved = new Properties();
        try (var in = Files.newInputStream(data.resolve("admin.credentials"))) {
            saved.load(in);
        }
        assertEquals(firstKey.accessKeyId(), saved.getProperty("access_key"));

        try (LocalCloud cloud = LocalCloud.start(SharedStorageTier.granaryHome(), data, config, SharedStorageTier.START_TIMEOUT)) {
            assertEquals(firstKey, cloud.adminKey());
            String read = VolumeNbdTest.run(data, "qemu-io", "-f", "raw", "-r", "-c", "read -P 0x61 0 1M",
                    "-c", "read -P 0 1M 6M", "-c", "read -P 0x62 7M 4k", "-c", "read -P 0 7172k 1020k",
                    cloud.services().nbdEndpoint() + "/boot");
            assertTrue(!read.contains("Pattern verification failed"), read);
            try (S3Client s3 = SdkV2ClusterTest.client(cloud.services().s3Endpoint(), cloud.adminKey())) {
                for (Map.Entry<String, byte[]> object : written.entrySet()) {
                    assertArrayEquals(object.getValue(),
                            s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.getKey())).asByteArray(), object.getKey());
                }
                assertEquals(written.size(), s3.listObjectsV2(b -> b.bucket(bucket)).keyCount());
            }
        }
    }
}
