package io.granary.s3.api;

import static io.granary.s3.api.BadInputTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.testing.Fixtures;
import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.s3.testing.GatewayFixture;
import io.granary.s3.testing.SignedHttp;
import io.granary.s3.xml.S3Xml;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** DeleteObjects through the AWS SDK v2 and raw signed requests, over in-memory storage. */
class DeleteObjectsTest {
    private static GatewayFixture gateway;
    private static S3Client alice;
    private static S3Client bob;
    private static SignedHttp http;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture();
        alice = gateway.client(gateway.alice());
        bob = gateway.client(gateway.bob());
        http = gateway.http(gateway.alice());
    }

    @AfterAll
    static void stop() {
        alice.close();
        bob.close();
        gateway.close();
    }

    @Test
    void verboseModeReportsDeletedMissingAndFailedKeys() {
        String bucket = newBucket("a b", "日本/語", "kept", "x");
        String tooLong = "k".repeat(1025);
        DeleteObjectsResponse response = alice.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                id("a b"), id("日本/語"), id("never-there"), id(tooLong), id("x"))));
        assertEquals(List.of("a b", "日本/語", "never-there", "x"),
                response.deleted().stream().map(DeletedObject::key).toList());
        assertEquals(1, response.errors().size());
        assertEquals(tooLong, response.errors().get(0).key());
        assertEquals("KeyTooLongError", response.errors().get(0).code());
        assertTrue(response.errors().get(0).message().contains("too long"));
        assertEquals(List.of("kept"), keys(bucket));
    }

    @Test
    void quietModeReportsOnlyErrors() {
        String bucket = newBucket("q1", "q2", "kept");
        DeleteObjectsResponse response = alice.deleteObjects(b -> b.bucket(bucket).delete(d -> d.quiet(true)
                .objects(id("q1"), id("q2"), id("missing"), id("k".repeat(2000)))));
        assertEquals(List.of(), response.deleted());
        assertEquals(List.of("KeyTooLongError"), response.errors().stream().map(e -> e.code()).toList());
        assertEquals(List.of("kept"), keys(bucket));

        DeleteObjectsResponse clean = alice.deleteObjects(b -> b.bucket(bucket).delete(d -> d.quiet(true).objects(id("kept"))));
        assertEquals(List.of(), clean.deleted());
        assertEquals(List.of(), clean.errors());
        assertEquals(List.of(), keys(bucket));
    }

    @Test
    void upToOneThousandKeysPerRequest() {
        String bucket = newBucket();
        List<String> names = IntStream.range(0, 1001).mapToObj(i -> String.format("k/%04d", i)).toList();
        for (String name : names.subList(0, 10)) {
            alice.putObject(b -> b.bucket(bucket).key(name), RequestBody.fromString(name));
        }
        List<ObjectIdentifier> all = names.stream().map(DeleteObjectsTest::id).toList();
        S3Exception tooMany = assertThrows(S3Exception.class,
                () -> alice.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(all))));
        assertEquals(400, tooMany.statusCode());
        assertEquals("MalformedXML", tooMany.awsErrorDetails().errorCode());
        assertEquals(10, keys(bucket).size(), "a refused request deletes nothing");

        DeleteObjectsResponse thousand = alice.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(all.subList(0, 1000))));
        assertEquals(1000, thousand.deleted().size());
        assertEquals(List.of(), keys(bucket));
    }

    @Test
    void onlyTheOwnerMayDelete() {
        String bucket = newBucket("owned");
        S3Exception denied = assertThrows(S3Exception.class,
                () -> bob.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(id("owned")))));
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        assertEquals(List.of("owned"), keys(bucket));
        S3Exception missing = assertThrows(S3Exception.class,
                () -> alice.deleteObjects(b -> b.bucket("no-such-bucket-d").delete(d -> d.objects(id("owned")))));
        assertEquals("NoSuchBucket", missing.awsErrorDetails().errorCode());
    }

    @Test
    void rawBodiesWithAndWithoutNamespaceAndEscapedKeys() throws Exception {
        String bucket = newBucket("plain", " spaced ", "a&b<c>", "ünï/cødé", "kept", "ns1", "v1", "v2");
        String plain = "<Delete><Object><Key>plain</Key></Object><Object><Key> spaced </Key></Object>"
                + "<Object><Key>a&amp;b&lt;c&gt;</Key></Object><Object><Key><![CDATA[ünï/cødé]]></Key></Object></Delete>";
        Document result = parse(ok(post(bucket, plain, withMd5(plain))));
        assertEquals("DeleteResult", result.getDocumentElement().getTagName());
        assertEquals(S3Xml.NAMESPACE, result.getDocumentElement().getAttribute("xmlns"));
        assertEquals(List.of("plain", " spaced ", "a&b<c>", "ünï/cødé"), texts(result, "Deleted", "Key"));

        String namespaced = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Delete xmlns=\"" + S3Xml.NAMESPACE + "\">\n"
                + "  <Quiet>TRUE</Quiet>\n  <Object>\n    <Key>ns1</Key>\n    <VersionId>null</VersionId>\n  </Object>\n"
                + "  <Object><Key>v1</Key><VersionId>0123456789abcdef0123456789abcdef0123</VersionId></Object>\n"
                + "  <Object><Key>v2</Key><VersionId>not-a-version</VersionId></Object>\n</Delete>";
        Document quiet = parse(ok(post(bucket, namespaced, withMd5(namespaced))));
        assertEquals(List.of(), texts(quiet, "Deleted", "Key"));
        assertEquals(List.of("v2"), texts(quiet, "Error", "Key"));
        assertEquals(List.of("InvalidArgument"), texts(quiet, "Error", "Code"));
        assertEquals(List.of("not-a-version"), texts(quiet, "Error", "VersionId"));
        // "null" is the version of an unversioned object; another version id names nothing there.
        assertEquals(List.of("kept", "v1", "v2"), keys(bucket));
    }

    @Test
    void theBodyMustCarryAVerifiedDigest() throws Exception {
        String bucket = newBucket("guarded");
        String body = "<Delete><Object><Key>guarded</Key></Object></Delete>";
        assertError(post(bucket, body, Map.of()), 400, "InvalidRequest");
        assertError(post(bucket, body, Map.of("Content-MD5", md5("<Delete><Object><Key>other</Key></Object></Delete>"))),
                400, "BadDigest");
        assertError(post(bucket, body, Map.of("Content-MD5", "not base64!")), 400, "InvalidDigest");
        assertError(post(bucket, body, Map.of("x-amz-checksum-crc32", checksum(ChecksumAlgorithm.CRC32, "other"))),
                400, "BadDigest");
        assertError(post(bucket, body, Map.of("x-amz-checksum-sha256", "short")), 400, "InvalidRequest");
        assertEquals(List.of("guarded"), keys(bucket));

        Document verified = parse(ok(post(bucket, body, Map.of("x-amz-checksum-crc32c",
                checksum(ChecksumAlgorithm.CRC32C, body), "x-amz-sdk-checksum-algorithm", "CRC32C",
                "x-amz-bypass-governance-retention", "true"))));
        assertEquals(List.of("guarded"), texts(verified, "Deleted", "Key"));
        assertEquals(List.of(), keys(bucket));
    }

    @Test
    void malformedBodies() throws Exception {
        String bucket = newBucket("survivor");
        for (String body : List.of("", "<Delete>", "<Delete></Delete>", "<Delete><Quiet>true</Quiet></Delete>",
                "not xml at all",
                "<!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&e;</Key></Object></Delete>")) {
            assertError(post(bucket, body, withMd5(body)), 400, "MalformedXML");
        }
        assertEquals(List.of("survivor"), keys(bucket));
    }

    private static HttpResponse<byte[]> post(String bucket, String body, Map<String, String> headers) throws Exception {
        return http.send("POST", "/" + bucket + "?delete", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] ok(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return response.body();
    }

    private static Map<String, String> withMd5(String body) throws Exception {
        return Map.of("Content-MD5", md5(body));
    }

    private static String md5(String body) throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String checksum(ChecksumAlgorithm algorithm, String body) {
        ChecksumAlgorithm.Running running = algorithm.start();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        running.update(bytes, 0, bytes.length);
        return running.finish();
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** The text of each {@code child} of each {@code parent} element, in document order. */
    private static List<String> texts(Document document, String parent, String child) {
        List<String> texts = new ArrayList<>();
        NodeList parents = document.getDocumentElement().getElementsByTagName(parent);
        for (int i = 0; i < parents.getLength(); i++) {
            NodeList children = ((Element) parents.item(i)).getElementsByTagName(child);
            if (children.getLength() > 0) {
                texts.add(children.item(0).getTextContent());
            }
        }
        return texts;
    }

    private static ObjectIdentifier id(String key) {
        return ObjectIdentifier.builder().key(key).build();
    }

    private static List<String> keys(String bucket) {
        return alice.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    private static String newBucket(String... keys) {
        String bucket = Fixtures.uniqueBucketName().value();
        alice.createBucket(b -> b.bucket(bucket));
        for (String key : keys) {
            alice.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        return bucket;
    }
}
