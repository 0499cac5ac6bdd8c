package io.granary.launcher.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.auth.AccessKey;
import io.granary.core.auth.Credentials;
import io.granary.core.testing.InMemoryCredentialStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API's request signatures, signed as the client does and checked as the server does. */
class AdminAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-12-06T23:00:00Z");
    private static final byte[] BODY = "{\"name\":\"data1\",\"size\":1024}".getBytes(StandardCharsets.UTF_8);

    private final Credentials credentials = new Credentials(new InMemoryCredentialStore(), Clock.systemUTC());
    private final AccessKey admin = credentials.ensureUserWithKey("admin");
    private final AccessKey bob = credentials.ensureUserWithKey("bob");
    private final AdminAuthenticator authenticator = new AdminAuthenticator(credentials.store(), "admin",
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static Map<String, String> signed(AccessKey key, String method, String path, String query, byte[] body,
            Instant at) {
        return new HashMap<>(AdminSignature.headers(method, path, query, body, key.accessKeyId(), key.secretKey(), at));
    }

    private AccessKey check(Map<String, String> headers, String method, String path, String query, byte[] body) {
        return authenticator.authenticate(method, path, query, headers::get, body);
    }

    private static void assertRefused(int status, String code, Runnable call) {
        AdminException e = assertThrows(AdminException.class, call::run);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
    }

    @Test
    void aGoodSignatureOfTheAdminIsAccepted() {
        Map<String, String> headers = signed(admin, "POST", "/v1/volumes", null, BODY, NOW.minusSeconds(60));
        assertEquals(admin, check(headers, "POST", "/v1/volumes", null, BODY));
        Map<String, String> query = signed(admin, "GET", "/v1/volumes", "a=1&b=2", new byte[0], NOW.plusSeconds(60));
        assertEquals(admin, check(query, "GET", "/v1/volumes", "a=1&b=2", new byte[0]));
        assertEquals(AdminSignature.ALGORITHM + "\nGET\n/v1/volumes\na=1&b=2\n20261206T230100Z\n"
                + AdminSignature.sha256Hex(new byte[0]), AdminSignature.stringToSign(new AdminSignature.Request("GET",
                "/v1/volumes", "a=1&b=2", "20261206T230100Z", AdminSignature.sha256Hex(new byte[0]))));
    }

    @Test
    void tamperedRequestsAreRefused() {
        Map<String, String> headers = signed(admin, "POST", "/v1/volumes", null, BODY, NOW);
        assertRefused(401, "SignatureDoesNotMatch", () -> check(headers, "DELETE", "/v1/volumes", null, BODY));
        assertRefused(401, "SignatureDoesNotMatch", () -> check(headers, "POST", "/v1/volumes/x", null, BODY));
        assertRefused(401, "SignatureDoesNotMatch", () -> check(headers, "POST", "/v1/volumes", "force=1", BODY));
        byte[] other = "{\"name\":\"data2\",\"size\":1024}".getBytes(StandardCharsets.UTF_8);
        assertRefused(400, "BadDigest", () -> check(headers, "POST", "/v1/volumes", null, other));
        // A body swapped together with its hash still fails the signature.
        Map<String, String> rehashed = new HashMap<>(headers);
        rehashed.put(AdminSignature.CONTENT_HEADER, AdminSignature.sha256Hex(other));
        assertRefused(401, "SignatureDoesNotMatch", () -> check(rehashed, "POST", "/v1/volumes", null, other));
        Map<String, String> redated = new HashMap<>(headers);
        redated.put(AdminSignature.DATE_HEADER, AdminSignature.DATE.format(NOW.plusSeconds(1)));
        assertRefused(401, "SignatureDoesNotMatch", () -> check(redated, "POST", "/v1/volumes", null, BODY));
        Map<String, String> wrongSecret = signed(new AccessKey(admin.accessKeyId(), bob.secretKey(), admin.userId(),
                admin.created()), "POST", "/v1/volumes", null, BODY, NOW);
        assertNotEquals(headers.get("Authorization"), wrongSecret.get("Authorization"));
        assertRefused(401, "SignatureDoesNotMatch", () -> check(wrongSecret, "POST", "/v1/volumes", null, BODY));
    }

    @Test
    void skewedDatesAreRefusedBothWays() {
        Duration beyond = AdminSignature.MAX_SKEW.plusSeconds(1);
        for (Instant at : new Instant[] {NOW.minus(beyond), NOW.plus(beyond)}) {
            Map<String, String> headers = signed(admin, "GET", "/v1/volumes", null, new byte[0], at);
            assertRefused(401, "RequestTimeTooSkewed", () -> check(headers, "GET", "/v1/volumes", null, new byte[0]));
        }
        Map<String, String> edge = signed(admin, "GET", "/v1/volumes", null, new byte[0], NOW.minus(AdminSignature.MAX_SKEW));
        assertEquals(admin, check(edge, "GET", "/v1/volumes", null, new byte[0]));
    }

    @Test
    void unknownKeysAndOtherUsersKeysAreRefused() {
        AccessKey unknown = new AccessKey("GKUNKNOWNUNKNOWNUNKN", admin.secretKey(), admin.userId(), admin.created());
        Map<String, String> forged = signed(unknown, "GET", "/v1/volumes", null, new byte[0], NOW);
        assertRefused(401, "InvalidAccessKeyId", () -> check(forged, "GET", "/v1/volumes", null, new byte[0]));
        Map<String, String> bobs = signed(bob, "GET", "/v1/volumes", null, new byte[0], NOW);
        assertRefused(403, "AccessDenied", () -> check(bobs, "GET", "/v1/volumes", null, new byte[0]));
    }

    @Test
    void unsignedOrMalformedRequestsAreRefused() {
        Map<String, String> headers = signed(admin, "GET", "/v1/volumes", null, new byte[0], NOW);
        for (String header : new String[] {"Authorization", AdminSignature.DATE_HEADER, AdminSignature.CONTENT_HEADER}) {
            Map<String, String> missing = new HashMap<>(headers);
            missing.remove(header);
            assertRefused(401, "MissingAuthentication", () -> check(missing, "GET", "/v1/volumes", null, new byte[0]));
        }
        Map<String, String> malformed = new HashMap<>(headers);
        malformed.put("Authorization", "AWS4-HMAC-SHA256 Credential=x");
        assertRefused(401, "MissingAuthentication", () -> check(malformed, "GET", "/v1/volumes", null, new byte[0]));
        Map<String, String> badDate = new HashMap<>(headers);
        badDate.put(AdminSignature.DATE_HEADER, "yesterday");
        assertRefused(401, "MissingAuthentication", () -> check(badDate, "GET", "/v1/volumes", null, new byte[0]));
    }
}
