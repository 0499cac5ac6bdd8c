package io.granary.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.StoreException;
import io.granary.core.auth.Credentials;
import io.granary.core.testing.InMemoryCredentialStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
    @Test
    void argumentsTakeOptionsInBothFormsAndRefuseUnknownOnes() {
        Arguments arguments = Arguments.parse(new String[] {"user", "--data", "d", "create", "--s3-port=9001", "bob"});
        assertEquals(List.of("user", "create", "bob"), arguments.positional());
        assertEquals("d", arguments.option("data", null));
        assertEquals("9001", arguments.option("s3-port", null));
        arguments.refuseOthers();
        Arguments typo = Arguments.parse(new String[] {"--dta", "x"});
        assertThrows(Arguments.UsageException.class, typo::refuseOthers);
        assertThrows(Arguments.UsageException.class, () -> Arguments.parse(new String[] {"--data"}));
    }

    @Test
    void configReadsTheSiteFileOverDefaults(@TempDir Path dir) throws Exception {
        GranaryConfig defaults = GranaryConfig.load(dir);
        assertEquals(9000, defaults.s3Port());
        assertEquals(10809, defaults.nbdPort());
        assertEquals("127.0.0.1", defaults.nbdHost());
        assertEquals(java.time.Duration.ofSeconds(30), defaults.volumeLease());
        assertEquals(java.util.Optional.of(java.time.Duration.ofSeconds(60)), defaults.volumeCollectorInterval());
        assertEquals(0.25, defaults.volumeCollectorDeadFraction());
        assertEquals(java.util.Optional.empty(),
                defaults.with(GranaryConfig.VOLUME_COLLECTOR_INTERVAL, "0").volumeCollectorInterval());
        assertThrows(IllegalArgumentException.class,
                () -> defaults.with(GranaryConfig.VOLUME_COLLECTOR_DEAD_FRACTION, "1.5").volumeCollectorDeadFraction());
        assertEquals("us-east-1", defaults.region());
        assertThrows(IllegalArgumentException.class, defaults::hdfsUri);

        Files.writeString(dir.resolve(GranaryConfig.SITE_FILE), """
                <configuration>
                  <property><name>granary.hdfs.uri</name><value>hdfs://nn:8020</value></property>
                  <property><name>granary.s3.port</name><value>9123</value></property>
                  <property><name>granary.blobs.pack.threshold.bytes</name><value>4096</value></property>
                </configuration>
                """);
        GranaryConfig site = GranaryConfig.load(dir);
        assertEquals("hdfs://nn:8020", site.hdfsUri());
        assertEquals(9123, site.s3Port());
        assertEquals(4096, site.blobStore().packThreshold());
        assertEquals(8000, site.with(GranaryConfig.S3_PORT, "8000").s3Port());
        assertEquals(9123, site.s3Port());
    }

    @Test
    void theShippedSiteFileParses() {
        GranaryConfig shipped = GranaryConfig.load(Path.of("..", "conf"));
        assertTrue(shipped.hdfsUri().startsWith("hdfs://"));
        assertEquals(HdfsDefaults.PACK_THRESHOLD, shipped.blobStore().packThreshold());
        assertEquals(10809, shipped.nbdPort());
        assertEquals(GranaryConfig.load(null).volumeLease(), shipped.volumeLease());
        assertEquals(GranaryConfig.load(null).volumeCollectorInterval(), shipped.volumeCollectorInterval());
        assertEquals(GranaryConfig.load(null).volumeCollectorDeadFraction(), shipped.volumeCollectorDeadFraction());
    }

    @Test
    void adminCommandsManageUsersAndKeys() {
        Credentials credentials = new Credentials(new InMemoryCredentialStore(), Clock.systemUTC());
        String created = admin(credentials, "user", "create", "carol");
        assertTrue(created.matches("access_key=GK[A-Z2-7]{18} secret_key=\\S{40}\n"), created);
        String keyId = created.substring("access_key=".length(), created.indexOf(' '));
        assertTrue(admin(credentials, "user", "list").startsWith("carol id="));
        assertTrue(admin(credentials, "key", "list", "carol").startsWith(keyId));
        String second = admin(credentials, "key", "create", "carol");
        assertEquals(2, admin(credentials, "key", "list", "carol").lines().count());
        admin(credentials, "key", "delete", keyId);
        assertEquals(1, admin(credentials, "key", "list", "carol").lines().count());
        assertTrue(second.startsWith("access_key="));
        admin(credentials, "user", "delete", "carol");
        assertEquals("", admin(credentials, "user", "list"));
        assertThrows(StoreException.class, () -> admin(credentials, "user", "delete", "carol"));
        assertThrows(StoreException.class, () -> admin(credentials, "user", "create", "bad name!"));
    }

    private static String admin(Credentials credentials, String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AdminCommand.execute(List.of(words), credentials, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The default the shipped file documents. */
    private static final class HdfsDefaults {
        static final int PACK_THRESHOLD = 1 << 20;
    }
}
