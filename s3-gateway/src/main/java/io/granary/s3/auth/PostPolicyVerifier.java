package io.granary.s3.auth;

import io.granary.core.auth.AccessKey;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Authenticates a browser POST upload by its policy, as S3's "Authenticating requests in
 * browser-based uploads using POST" defines it: with Signature Version 4
 * ({@code x-amz-algorithm=AWS4-HMAC-SHA256}, {@code x-amz-credential}, {@code x-amz-date},
 * {@code x-amz-signature} = hex HMAC-SHA256 of the Base64 policy with the scope's signing key) or
 * Version 2 ({@code AWSAccessKeyId}, {@code signature} = Base64 HMAC-SHA1 of the Base64 policy),
 * then checks the form against the policy. Thread-safe.
 */
public final class PostPolicyVerifier {
    /**
     * A verified form.
     *
     * @param accessKey the key that signed the policy
     * @param policy the policy, whose content-length-range the caller still has to enforce
     */
    public record Verified(AccessKey accessKey, PostPolicy policy) {
    }

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final CredentialParser CREDENTIALS = new CredentialParser(S3Error.INVALID_ARGUMENT,
            "Invalid according to Policy: ");

    private final AccessKeyLookup accessKeys;
    private final Clock clock;

    public PostPolicyVerifier(AccessKeyLookup accessKeys, Clock clock) {
        this.accessKeys = Objects.requireNonNull(accessKeys, "accessKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies the form's signature and checks its fields against its policy.
     *
     * @param fields the form's fields before the file, by lower-cased name
     * @param bucket the bucket addressed
     * @throws S3Exception AccessDenied without a policy or for a form the policy does not allow,
     *     InvalidArgument for missing or malformed signing fields, InvalidAccessKeyId,
     *     SignatureDoesNotMatch, InvalidPolicyDocument
     */
    public Verified verify(Map<String, String> fields, String bucket) {
        String policyText = fields.get("policy");
        if (policyText == null || policyText.isEmpty()) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Anonymous access is not allowed.");
        }
        AccessKey key;
        if (fields.containsKey("x-amz-signature") || fields.containsKey("x-amz-algorithm")) {
            key = verifyV4(fields, policyText);
        } else if (fields.containsKey("awsaccesskeyid") || fields.containsKey("signature")) {
            key = verifyV2(fields, policyText);
        } else {
            throw missing("x-amz-signature", "Bucket POST must contain a field named 'x-amz-signature'.");
        }
        PostPolicy policy = PostPolicy.parse(policyText);
        policy.check(fields, bucket, clock.instant());
        return new Verified(key, policy);
    }

    private AccessKey verifyV4(Map<String, String> fields, String policyText) {
        String algorithm = require(fields, "x-amz-algorithm");
        if (!algorithm.equals(ALGORITHM)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "POST algorithm must be AWS4-HMAC-SHA256.")
                    .with("ArgumentName", "x-amz-algorithm").with("ArgumentValue", algorithm);
        }
        String credentialText = require(fields, "x-amz-credential");
        String date = require(fields, "x-amz-date");
        String provided = require(fields, "x-amz-signature");
        if (AmzDates.parseBasic(date).isEmpty()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid date format in x-amz-date: " + date)
                    .with("ArgumentName", "x-amz-date").with("ArgumentValue", date);
        }
        CredentialParser.Credential credential = CREDENTIALS.parseCredential(credentialText);
        CREDENTIALS.checkScope(credential.scope(), date.strip());
        AccessKey key = find(credential.accessKeyId());
        String expected = SigningKey.derive(key.secretKey(), credential.scope()).sign(policyText);
        if (!Hex.signaturesEqual(expected, provided.strip())) {
            throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH)
                    .with("AWSAccessKeyId", key.accessKeyId())
                    .with("StringToSign", policyText);
        }
        return key;
    }

    private AccessKey verifyV2(Map<String, String> fields, String policyText) {
        String accessKeyId = require(fields, "awsaccesskeyid");
        String provided = require(fields, "signature");
        AccessKey key = find(accessKeyId);
        if (!V2Signature.equal(V2Signature.sign(key.secretKey(), policyText), provided.strip())) {
            throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH)
                    .with("AWSAccessKeyId", key.accessKeyId())
                    .with("StringToSign", policyText);
        }
        return key;
    }

    private AccessKey find(String accessKeyId) {
        return accessKeys.find(accessKeyId).orElseThrow(() -> new S3Exception(S3Error.INVALID_ACCESS_KEY_ID)
                .with("AWSAccessKeyId", accessKeyId));
    }

    private static String require(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw missing(name, "Bucket POST must contain a field named '" + name + "'.");
        }
        return value;
    }

    private static S3Exception missing(String name, String message) {
        return new S3Exception(S3Error.INVALID_ARGUMENT, message).with("ArgumentName", name).with("ArgumentValue", "");
    }
}
