package io.granary.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostPolicyTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static PostPolicy policy(String conditions) {
        String json = "{\"expiration\": \"2026-01-01T01:00:00.000Z\", \"conditions\": [" + conditions + "]}";
        return PostPolicy.parse(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static S3Exception refused(PostPolicy policy, Map<String, String> fields) {
        return assertThrows(S3Exception.class, () -> policy.check(fields, "bucket", NOW));
    }

    @Test
    void conditionsHold() {
        PostPolicy policy = policy("{\"bucket\": \"bucket\"}, [\"starts-with\", \"$key\", \"up/\"], "
                + "[\"eq\", \"$Content-Type\", \"text/plain\"], [\"starts-with\", \"$x-amz-meta-tag\", \"\"], "
                + "[\"content-length-range\", 10, 20]");
        policy.check(Map.of("key", "up/x", "content-type", "text/plain", "x-amz-meta-tag", "anything",
                "policy", "p", "x-amz-signature", "s", "x-ignore-me", "i"), "bucket", NOW);
        assertEquals(10, policy.minLength());
        assertEquals(20, policy.maxLength());
    }

    @Test
    void failedConditionsAndExtraFieldsAreAccessDenied() {
        PostPolicy policy = policy("{\"bucket\": \"bucket\"}, [\"starts-with\", \"$key\", \"up/\"]");
        S3Exception wrongKey = refused(policy, Map.of("key", "down/x"));
        assertEquals(S3Error.ACCESS_DENIED, wrongKey.error());
        assertTrue(wrongKey.getMessage().contains("Policy Condition failed"), wrongKey.getMessage());
        S3Exception extra = refused(policy, Map.of("key", "up/x", "acl", "private"));
        assertTrue(extra.getMessage().contains("Extra input fields: acl"), extra.getMessage());
        S3Exception otherBucket = assertThrows(S3Exception.class,
                () -> policy.check(Map.of("key", "up/x"), "other", NOW));
        assertEquals(S3Error.ACCESS_DENIED, otherBucket.error());
        S3Exception expired = assertThrows(S3Exception.class,
                () -> policy.check(Map.of("key", "up/x"), "bucket", Instant.parse("2026-01-01T01:00:00Z")));
        assertTrue(expired.getMessage().contains("Policy expired"), expired.getMessage());
    }

    @Test
    void contentTypeStartsWithCoversEachListedType() {
        PostPolicy policy = policy("[\"starts-with\", \"$Content-Type\", \"image/\"]");
        policy.check(Map.of("content-type", "image/png, image/jpeg"), "bucket", NOW);
        refused(policy, Map.of("content-type", "image/png, text/html"));
    }

    @Test
    void malformedPoliciesAreInvalidPolicyDocument() {
        for (String json : new String[] {"{not json", "[]", "{\"conditions\": []}",
                "{\"expiration\": \"tomorrow\", \"conditions\": []}", "{\"expiration\": \"2026-01-01T01:00:00Z\"}",
                "{\"expiration\": \"2026-01-01T01:00:00Z\", \"conditions\": [[\"matches\", \"$key\", \"x\"]]}",
                "{\"expiration\": \"2026-01-01T01:00:00Z\", \"conditions\": [{\"a\": \"1\", \"b\": \"2\"}]}",
                "{\"expiration\": \"2026-01-01T01:00:00Z\", \"conditions\": [[\"content-length-range\", \"x\", 2]]}"}) {
            String encoded = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
            S3Exception failure = assertThrows(S3Exception.class, () -> PostPolicy.parse(encoded), json);
            assertEquals(S3Error.INVALID_POLICY_DOCUMENT, failure.error(), json);
        }
        assertEquals(S3Error.INVALID_POLICY_DOCUMENT,
                assertThrows(S3Exception.class, () -> PostPolicy.parse("%%%")).error());
    }
}
