package io.granary.launcher.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.granary.block.BlockDevice;
import io.granary.block.volume.VolumeConfig;
import io.granary.block.volume.VolumeManager;
import io.granary.core.auth.AccessKey;
import io.granary.core.auth.Credentials;
import io.granary.core.testing.InMemoryCredentialStore;
import io.granary.core.testing.InMemorySegmentStore;
import io.granary.core.testing.InMemoryVolumeCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API over HTTP, on in-memory volumes, through {@link AdminClient}. */
class AdminServerTest {
    private final Credentials credentials = new Credentials(new InMemoryCredentialStore(), Clock.systemUTC());
    private final AccessKey admin = credentials.ensureUserWithKey("admin");
    private VolumeManager volumes;
    private AdminServer server;
    private AdminClient client;

    @BeforeEach
    void start() throws IOException {
        volumes = new VolumeManager(new InMemoryVolumeCatalog(), new InMemorySegmentStore(),
                VolumeConfig.defaults("test:1"), Clock.systemUTC());
        server = new AdminServer("127.0.0.1", 0, new AdminAuthenticator(credentials.store(), "admin",
                Clock.systemUTC()), new VolumeApi(volumes));
        server.start();
        client = new AdminClient(server.endpoint(), admin.accessKeyId(), admin.secretKey(), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        volumes.close();
    }

    private void assertRefused(int status, String code, ThrowingCall call) {
        AdminException e = assertThrows(AdminException.class, call::run);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
    }

    private interface ThrowingCall {
        void run() throws IOException;
    }

    @Test
    void volumesAreCreatedSnapshottedClonedFlattenedAndDeleted() throws IOException {
        JsonNode created = client.call("POST", "/v1/volumes", Map.of("name", "data1", "size", 1 << 20));
        assertEquals("data1", created.get("name").asText());
        assertEquals(1 << 20, created.get("size").asLong());
        assertEquals("available", created.get("state").asText());
        try (BlockDevice device = volumes.open("data1")) {
            device.write(0, java.nio.ByteBuffer.wrap(new byte[] {7, 7, 7}), true);
            // Attached: the snapshot uses the open writer; deleting is refused.
            assertEquals("s1", client.call("POST", "/v1/volumes/data1/snapshots", Map.of("name", "s1"))
                    .get("name").asText());
            assertRefused(409, "Conflict", () -> client.call("DELETE", "/v1/volumes/data1", null));
        }
        assertEquals(1, client.call("GET", "/v1/volumes/data1/snapshots", null).get("snapshots").size());
        JsonNode clone = client.call("POST", "/v1/volumes/data1/snapshots/s1/clone", Map.of("name", "data2"));
        assertEquals("data1@s1", clone.get("parent").asText());
        assertEquals(2, client.call("GET", "/v1/volumes", null).get("volumes").size());
        assertRefused(409, "Conflict", () -> client.call("DELETE", "/v1/volumes/data1", null));
        assertEquals(2 << 20, client.call("POST", "/v1/volumes/data1/resize", Map.of("size", 2 << 20))
                .get("size").asLong());
        JsonNode flat = client.call("POST", "/v1/volumes/data2/flatten", null);
        assertTrue(flat.get("parent").isNull(), flat.toString());
        JsonNode info = client.call("GET", "/v1/volumes/data1", null);
        assertEquals(1, info.get("snapshots").asInt());
        assertTrue(info.get("storedBytes").asLong() > 0, info.toString());
        assertEquals(0, info.get("collections").asLong(), info.toString());
        assertEquals(0, info.get("reclaimedBytes").asLong(), info.toString());
        assertTrue(info.get("lastCollection").isNull(), info.toString());
        assertTrue(info.get("lastCollectionError").isNull(), info.toString());
        client.call("DELETE", "/v1/volumes/data1/snapshots/s1", null);
        client.call("DELETE", "/v1/volumes/data1", null);
        client.call("DELETE", "/v1/volumes/data2", null);
        assertEquals(0, client.call("GET", "/v1/volumes", null).get("volumes").size());
    }

    @Test
    void badInputGetsItsStatusAndChangesNothing() throws IOException {
        client.call("POST", "/v1/volumes", Map.of("name", "data1", "size", 4096));
        assertRefused(409, "AlreadyExists", () -> client.call("POST", "/v1/volumes", Map.of("name", "data1", "size", 1)));
        assertRefused(400, "InvalidArgument", () -> client.call("POST", "/v1/volumes", Map.of("name", "bad name", "size", 1)));
        assertRefused(400, "InvalidArgument", () -> client.call("POST", "/v1/volumes", Map.of("name", "x", "size", -1)));
        assertRefused(400, "InvalidArgument", () -> client.call("POST", "/v1/volumes", Map.of("name", "x")));
        assertRefused(400, "InvalidArgument", () -> client.call("POST", "/v1/volumes/data1/resize", Map.of("size", 1)));
        assertRefused(404, "NotFound", () -> client.call("GET", "/v1/volumes/missing", null));
        assertRefused(404, "NotFound", () -> client.call("POST", "/v1/volumes/data1/snapshots/none/clone",
                Map.of("name", "c")));
        assertRefused(404, "NoSuchRoute", () -> client.call("GET", "/v1/buckets", null));
        assertRefused(405, "MethodNotAllowed", () -> client.call("PUT", "/v1/volumes/data1", null));
        JsonNode only = client.call("GET", "/v1/volumes", null).get("volumes");
        assertEquals(1, only.size());
        assertEquals(4096, only.get(0).get("size").asLong());
    }

    @Test
    void unsignedRequestsAndOtherUsersAreRefusedWithJsonErrors() throws Exception {
        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.endpoint().resolve("/v1/volumes")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, unsigned.statusCode());
        assertTrue(unsigned.body().contains("\"code\":\"MissingAuthentication\""), unsigned.body());
        assertEquals("application/json", unsigned.headers().firstValue("Content-Type").orElse(""));

        AccessKey bob = credentials.ensureUserWithKey("bob");
        AdminClient bobs = new AdminClient(server.endpoint(), bob.accessKeyId(), bob.secretKey(), Clock.systemUTC());
        assertRefused(403, "AccessDenied", () -> bobs.call("POST", "/v1/volumes", Map.of("name", "b", "size", 1)));
        AdminClient wrong = new AdminClient(URI.create(server.endpoint().toString()), admin.accessKeyId(),
                bob.secretKey(), Clock.systemUTC());
        assertRefused(401, "SignatureDoesNotMatch", () -> wrong.call("GET", "/v1/volumes", null));
        AdminClient late = new AdminClient(server.endpoint(), admin.accessKeyId(), admin.secretKey(),
                Clock.offset(Clock.systemUTC(), AdminSignature.MAX_SKEW.plusMinutes(1)));
        assertRefused(401, "RequestTimeTooSkewed", () -> late.call("GET", "/v1/volumes", null));
        assertEquals(0, volumes.list().size());
    }
}
