package io.granary.s3.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The policy of a browser POST upload, as S3's "Creating a POST policy" defines it: an expiration
 * and conditions on the form's fields ({@code {"field": "value"}}, {@code ["eq", "$field", "value"]},
 * {@code ["starts-with", "$field", "prefix"]}) and on the file's size
 * ({@code ["content-length-range", min, max]}). Immutable.
 */
public final class PostPolicy {
    /** Fields no condition needs to cover (lower case). */
    static final Set<String> EXEMPT_FIELDS = Set.of("policy", "x-amz-signature", "signature", "awsaccesskeyid", "file");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One condition on a field.
     *
     * @param field the field's lower-cased name, without {@code $}
     * @param operator {@code eq} or {@code starts-with}
     * @param value what the field must equal or start with
     * @param text the condition as written, for error messages
     */
    record Condition(String field, String operator, String value, String text) {
        boolean holds(String actual) {
            if (field.equals("content-type") && operator.equals("starts-with")) {
                // S3 lets starts-with on Content-Type cover each of a comma-separated list.
                for (String type : actual.split(",", -1)) {
                    if (!type.strip().startsWith(value)) {
                        return false;
                    }
                }
                return true;
            }
            return operator.equals("eq") ? actual.equals(value) : actual.startsWith(value);
        }
    }

    private final Instant expiration;
    private final List<Condition> conditions;
    private final long minLength;
    private final long maxLength;

    private PostPolicy(Instant expiration, List<Condition> conditions, long minLength, long maxLength) {
        this.expiration = expiration;
        this.conditions = List.copyOf(conditions);
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    /**
     * Parses the form's {@code policy} field.
     *
     * @throws S3Exception InvalidPolicyDocument if it is not Base64 of a policy document
     */
    public static PostPolicy parse(String base64) {
        JsonNode root;
        try {
            byte[] json = Base64.getMimeDecoder().decode(base64);
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw invalid("Invalid Policy: Invalid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw invalid("Invalid Policy: Invalid JSON.");
        }
        JsonNode expirationNode = root.get("expiration");
        if (expirationNode == null || !expirationNode.isTextual()) {
            throw invalid("Invalid Policy: Policy missing expiration.");
        }
        Instant expiration;
        try {
            expiration = Instant.parse(expirationNode.asText());
        } catch (DateTimeParseException e) {
            throw invalid("Invalid Policy: Invalid 'expiration' value: '" + expirationNode.asText() + "'");
        }
        JsonNode conditionsNode = root.get("conditions");
        if (conditionsNode == null || !conditionsNode.isArray()) {
            throw invalid("Invalid Policy: Policy missing conditions.");
        }
        List<Condition> conditions = new ArrayList<>();
        long min = 0;
        long max = Long.MAX_VALUE;
        for (JsonNode node : conditionsNode) {
            if (node.isObject()) {
                if (node.size() != 1) {
                    throw invalid("Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.");
                }
                Map.Entry<String, JsonNode> entry = node.properties().iterator().next();
                if (!entry.getValue().isValueNode()) {
                    throw invalid("Invalid Policy: Invalid Simple-Condition: value must be a string.");
                }
                conditions.add(new Condition(entry.getKey().toLowerCase(Locale.ROOT), "eq",
                        entry.getValue().asText(), node.toString()));
            } else if (node.isArray() && node.size() == 3) {
                String operator = node.get(0).asText().toLowerCase(Locale.ROOT);
                if (operator.equals("content-length-range")) {
                    if (!node.get(1).canConvertToLong() || !node.get(2).canConvertToLong()) {
                        throw invalid("Invalid Policy: Invalid content-length-range condition.");
                    }
                    min = node.get(1).asLong();
                    max = node.get(2).asLong();
                    continue;
                }
                String field = node.get(1).asText();
                if (!(operator.equals("eq") || operator.equals("starts-with")) || !field.startsWith("$")) {
                    throw invalid("Invalid Policy: Invalid Condition: " + node);
                }
                conditions.add(new Condition(field.substring(1).toLowerCase(Locale.ROOT), operator,
                        node.get(2).asText(), node.toString()));
            } else {
                throw invalid("Invalid Policy: Invalid Condition: " + node);
            }
        }
        return new PostPolicy(expiration, conditions, min, max);
    }

    /** When the policy stops being accepted. */
    public Instant expiration() {
        return expiration;
    }

    /** The smallest file the policy allows, in bytes (0 without a content-length-range). */
    public long minLength() {
        return minLength;
    }

    /** The largest file the policy allows, in bytes ({@code Long.MAX_VALUE} without a content-length-range). */
    public long maxLength() {
        return maxLength;
    }

    /**
     * Checks the form against the policy, as S3 does before it reads the file: the policy must not
     * have expired, every condition must hold (the bucket is the one addressed), and every field but
     * the exempt ones and {@code x-ignore-*} must be covered by a condition.
     *
     * @param fields the form's fields by lower-cased name
     * @throws S3Exception AccessDenied "Invalid according to Policy: …"
     */
    public void check(Map<String, String> fields, String bucket, Instant now) {
        if (!now.isBefore(expiration)) {
            throw denied("Policy expired.");
        }
        Set<String> covered = new HashSet<>();
        for (Condition condition : conditions) {
            String actual = condition.field().equals("bucket") ? bucket : fields.getOrDefault(condition.field(), "");
            if (!condition.holds(actual)) {
                throw denied("Policy Condition failed: " + condition.text());
            }
            covered.add(condition.field());
        }
        for (String field : fields.keySet()) {
            if (!EXEMPT_FIELDS.contains(field) && !field.startsWith("x-ignore-") && !covered.contains(field)) {
                throw denied("Extra input fields: " + field);
            }
        }
    }

    private static S3Exception denied(String reason) {
        return new S3Exception(S3Error.ACCESS_DENIED, "Invalid according to Policy: " + reason);
    }

    private static S3Exception invalid(String message) {
        return new S3Exception(S3Error.INVALID_POLICY_DOCUMENT, message);
    }
}
