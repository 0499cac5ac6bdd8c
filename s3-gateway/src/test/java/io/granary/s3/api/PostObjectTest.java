package io.granary.s3.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.auth.AccessKey;
import io.granary.core.testing.Fixtures;
import io.granary.s3.testing.AliceBucket;
import io.granary.s3.testing.GatewayFixture;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Browser POST uploads, with forms built and signed here as a browser page would carry them
 * (the SDK for Java v2 cannot presign a POST).
 */
class PostObjectTest {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static AliceBucket session;
    private static GatewayFixture gateway;
    private static S3Client alice;
    private static String bucket;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        session = AliceBucket.start();
        gateway = session.gateway();
        alice = session.alice();
        bucket = session.bucket();
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    /** A form: its fields in order, the policy's conditions, and the file. */
    private static final class Form {
        final Map<String, String> fields = new LinkedHashMap<>();
        final List<String> conditions = new ArrayList<>();
        Instant expiration = Instant.now().plus(1, ChronoUnit.HOURS);
        String fileName = "upload.bin";
        byte[] file = "hello, form".getBytes(StandardCharsets.UTF_8);
        String policyOverride;

        Form field(String name, String value) {
            fields.put(name, value);
            conditions.add("{\"" + name + "\": \"" + value + "\"}");
            return this;
        }

        Form uncovered(String name, String value) {
            fields.put(name, value);
            return this;
        }

        Form condition(String json) {
            conditions.add(json);
            return this;
        }

        String policy(String signingFields) {
            List<String> all = new ArrayList<>(conditions);
            all.add("{\"bucket\": \"" + bucket + "\"}");
            if (!signingFields.isEmpty()) {
                all.add(signingFields);
            }
            String json = "{\"expiration\": \"" + expiration + "\", \"conditions\": [" + String.join(", ", all) + "]}";
            return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

        /** The fields with a Signature Version 4 policy signed by {@code key}. */
        Map<String, String> signV4(AccessKey key) throws GeneralSecurityException {
            Instant now = Instant.now();
            String date = AMZ_DATE.format(now);
            String credential = key.accessKeyId() + "/" + date.substring(0, 8) + "/us-east-1/s3/aws4_request";
            Map<String, String> signed = new LinkedHashMap<>(fields);
            signed.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
            signed.put("x-amz-credential", credential);
            signed.put("x-amz-date", date);
            String policy = policyOverride != null ? policyOverride : policy("[\"eq\", \"$x-amz-algorithm\", \"AWS4-HMAC-SHA256\"], "
                    + "{\"x-amz-credential\": \"" + credential + "\"}, {\"x-amz-date\": \"" + date + "\"}");
            signed.put("policy", policy);
            byte[] signingKey = hmac("HmacSHA256", ("AWS4" + key.secretKey()).getBytes(StandardCharsets.UTF_8),
                    date.substring(0, 8));
            signingKey = hmac("HmacSHA256", signingKey, "us-east-1");
            signingKey = hmac("HmacSHA256", signingKey, "s3");
            signingKey = hmac("HmacSHA256", signingKey, "aws4_request");
            signed.put("x-amz-signature", HexFormat.of().formatHex(hmac("HmacSHA256", signingKey, policy)));
            return signed;
        }

        /** The fields with a Signature Version 2 policy signed by {@code key}. */
        Map<String, String> signV2(AccessKey key) throws GeneralSecurityException {
            Map<String, String> signed = new LinkedHashMap<>(fields);
            String policy = policyOverride != null ? policyOverride : policy("");
            signed.put("AWSAccessKeyId", key.accessKeyId());
            signed.put("policy", policy);
            signed.put("signature", Base64.getEncoder().encodeToString(
                    hmac("HmacSHA1", key.secretKey().getBytes(StandardCharsets.UTF_8), policy)));
            return signed;
        }
    }

    private static byte[] hmac(String algorithm, byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String targetBucket, Map<String, String> fields, Form form)
            throws Exception {
        String boundary = "----granary" + Long.toHexString(new Random().nextLong());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + form.fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(form.file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/" + targetBucket))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] get(String key) {
        return alice.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("<Code>" + code + "</Code>"), response.body());
    }

    @Test
    void signatureV4UploadAnswers204AndKeepsMetadata() throws Exception {
        Form form = new Form().field("key", "v4/plain").field("Content-Type", "text/plain")
                .field("x-amz-meta-colour", "blue");
        HttpResponse<String> response = post(bucket, form.signV4(gateway.alice()), form);
        assertEquals(204, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("ETag").isPresent());
        ResponseBytes<GetObjectResponse> stored = alice.getObjectAsBytes(b -> b.bucket(bucket).key("v4/plain"));
        assertArrayEquals(form.file, stored.asByteArray());
        assertEquals("text/plain", stored.response().contentType());
        assertEquals(Map.of("colour", "blue"), stored.response().metadata());
    }

    @Test
    void status201AnswersThePostResponse() throws Exception {
        Form form = new Form().field("key", "v4/created").field("success_action_status", "201");
        HttpResponse<String> response = post(bucket, form.signV4(gateway.alice()), form);
        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.body().contains("<Bucket>" + bucket + "</Bucket>"), response.body());
        assertTrue(response.body().contains("<Key>v4/created</Key>"), response.body());
        assertTrue(response.body().contains("<ETag>\""), response.body());
        assertTrue(response.body().contains("<Location>"), response.body());
    }

    @Test
    void status200AnswersEmpty() throws Exception {
        Form form = new Form().field("key", "v4/ok").field("success_action_status", "200");
        assertEquals(200, post(bucket, form.signV4(gateway.alice()), form).statusCode());
    }

    @Test
    void redirectAnswers303WithBucketKeyAndEtag() throws Exception {
        Form form = new Form().field("key", "v4/redirected")
                .field("success_action_redirect", "http://example.com/done?from=form");
        HttpResponse<String> response = post(bucket, form.signV4(gateway.alice()), form);
        assertEquals(303, response.statusCode(), response.body());
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("http://example.com/done?from=form&bucket=" + bucket
                + "&key=v4%2Fredirected&etag=%22"), location);
        assertArrayEquals(form.file, get("v4/redirected"));
    }

    @Test
    void startsWithKeyAndFilenameVariable() throws Exception {
        Form form = new Form().uncovered("key", "uploads/${filename}")
                .condition("[\"starts-with\", \"$key\", \"uploads/\"]");
        form.fileName = "photo.jpg";
        assertEquals(204, post(bucket, form.signV4(gateway.alice()), form).statusCode());
        assertArrayEquals(form.file, get("uploads/photo.jpg"));

        Form outside = new Form().uncovered("key", "elsewhere/x")
                .condition("[\"starts-with\", \"$key\", \"uploads/\"]");
        assertError(post(bucket, outside.signV4(gateway.alice()), outside), 403, "AccessDenied");
    }

    @Test
    void largeFileIsStoredByteForByte() throws Exception {
        Form form = new Form().field("key", "v4/large");
        form.file = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(form.file);
        assertEquals(204, post(bucket, form.signV4(gateway.alice()), form).statusCode());
        assertArrayEquals(form.file, get("v4/large"));
    }

    @Test
    void contentLengthRangeIsEnforced() throws Exception {
        Form tooLarge = new Form().field("key", "range/large").condition("[\"content-length-range\", 1, 5]");
        assertError(post(bucket, tooLarge.signV4(gateway.alice()), tooLarge), 400, "EntityTooLarge");
        Form tooSmall = new Form().field("key", "range/small").condition("[\"content-length-range\", 100, 200]");
        assertError(post(bucket, tooSmall.signV4(gateway.alice()), tooSmall), 400, "EntityTooSmall");
        assertThrows(NoSuchKeyException.class, () -> get("range/large"));
        assertThrows(NoSuchKeyException.class, () -> get("range/small"));
        Form within = new Form().field("key", "range/ok").condition("[\"content-length-range\", 1, 100]");
        assertEquals(204, post(bucket, within.signV4(gateway.alice()), within).statusCode());
    }

    @Test
    void expiredPolicyIsRefused() throws Exception {
        Form form = new Form().field("key", "expired");
        form.expiration = Instant.now().minus(1, ChronoUnit.MINUTES);
        HttpResponse<String> response = post(bucket, form.signV4(gateway.alice()), form);
        assertError(response, 403, "AccessDenied");
        assertTrue(response.body().contains("Policy expired"), response.body());
    }

    @Test
    void tamperedPolicyIsRefused() throws Exception {
        Form form = new Form().field("key", "tampered");
        Map<String, String> fields = form.signV4(gateway.alice());
        String json = new String(Base64.getDecoder().decode(fields.get("policy")), StandardCharsets.UTF_8);
        fields.put("policy", Base64.getEncoder().encodeToString(
                json.replace("\"tampered\"", "\"other\"").getBytes(StandardCharsets.UTF_8)));
        fields.put("key", "other");
        assertError(post(bucket, fields, form), 403, "SignatureDoesNotMatch");
        assertThrows(NoSuchKeyException.class, () -> get("other"));
    }

    @Test
    void fieldNotCoveredByThePolicyIsRefused() throws Exception {
        Form form = new Form().field("key", "uncovered").uncovered("Content-Type", "text/html");
        HttpResponse<String> response = post(bucket, form.signV4(gateway.alice()), form);
        assertError(response, 403, "AccessDenied");
        assertTrue(response.body().contains("Extra input fields: content-type"), response.body());
        Form ignored = new Form().field("key", "ignored").uncovered("x-ignore-note", "anything");
        assertEquals(204, post(bucket, ignored.signV4(gateway.alice()), ignored).statusCode());
    }

    @Test
    void malformedPolicyIsInvalidPolicyDocument() throws Exception {
        Form form = new Form().field("key", "malformed");
        form.policyOverride = Base64.getEncoder().encodeToString("{not json".getBytes(StandardCharsets.UTF_8));
        assertError(post(bucket, form.signV4(gateway.alice()), form), 400, "InvalidPolicyDocument");
    }

    @Test
    void anotherUsersBucketIsRefused() throws Exception {
        Form form = new Form().field("key", "intruder");
        assertError(post(bucket, form.signV4(gateway.bob()), form), 403, "AccessDenied");
        assertThrows(NoSuchKeyException.class, () -> get("intruder"));
    }

    @Test
    void policyForAnotherBucketIsRefused() throws Exception {
        String other = Fixtures.uniqueBucketName().value();
        alice.createBucket(b -> b.bucket(other));
        Form form = new Form().field("key", "wrong-bucket");
        assertError(post(other, form.signV4(gateway.alice()), form), 403, "AccessDenied");
    }

    @Test
    void signatureV2Upload() throws Exception {
        Form form = new Form().field("key", "v2/object").field("success_action_status", "201");
        assertEquals(201, post(bucket, form.signV2(gateway.alice()), form).statusCode());
        assertArrayEquals(form.file, get("v2/object"));

        Map<String, String> forged = form.signV2(gateway.alice());
        forged.put("signature", Base64.getEncoder().encodeToString(new byte[20]));
        assertError(post(bucket, forged, form), 403, "SignatureDoesNotMatch");
    }

    @Test
    void formWithoutPolicyOrToAnObjectIsAnonymous() throws Exception {
        Form form = new Form().field("key", "anonymous");
        assertError(post(bucket, Map.of("key", "anonymous"), form), 403, "AccessDenied");
        assertError(post(bucket + "/some-key", form.signV4(gateway.alice()), form), 403, "AccessDenied");
        HttpResponse<String> delete = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/" + bucket + "?delete"))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<Delete><Object><Key>v4/plain</Key></Object></Delete>"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertError(delete, 403, "AccessDenied");
    }
}
