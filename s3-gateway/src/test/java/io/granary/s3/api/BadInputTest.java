package io.granary.s3.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.testing.Fixtures;
import io.granary.s3.http.RawTargetConnectionFactory;
import io.granary.s3.testing.AliceBucket;
import io.granary.s3.testing.GatewayFixture;
import io.granary.s3.testing.SignedHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Bad requests get S3's error, as XML with a request id, and change nothing that is stored. */
class BadInputTest {
    private static AliceBucket session;
    private static GatewayFixture gateway;
    private static S3Client alice;
    private static SignedHttp http;
    private static String bucket;
    private static final byte[] ORIGINAL = "the original bytes".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        session = AliceBucket.start();
        gateway = session.gateway();
        alice = session.alice();
        http = session.http();
        bucket = session.bucket();
        alice.putObject(b -> b.bucket(bucket).key("kept"), RequestBody.fromBytes(ORIGINAL));
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void malformedCreateBucketXml() throws Exception {
        String name = Fixtures.uniqueBucketName().value();
        assertError(http.send("PUT", "/" + name, Map.of(), "<CreateBucketConfiguration><Location".getBytes()),
                400, "MalformedXML");
        assertError(http.send("PUT", "/" + name, Map.of(),
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><CreateBucketConfiguration><LocationConstraint>&e;</LocationConstraint></CreateBucketConfiguration>"
                        .getBytes()), 400, "MalformedXML");
        assertError(http.send("PUT", "/" + name, Map.of(),
                "<CreateBucketConfiguration><LocationConstraint>not a region!</LocationConstraint></CreateBucketConfiguration>"
                        .getBytes()), 400, "InvalidLocationConstraint");
        assertError(http.send("HEAD", "/" + name, Map.of(), new byte[0]), 404, null);
    }

    @Test
    void namespaceLessAndNamespacedCreateBucketXmlAreBothAccepted() throws Exception {
        for (String xml : List.of(
                "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>",
                "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")) {
            String name = Fixtures.uniqueBucketName().value();
            assertEquals(200, http.send("PUT", "/" + name, Map.of(), xml.getBytes()).statusCode());
            assertEquals("eu-west-1", alice.getBucketLocation(b -> b.bucket(name)).locationConstraintAsString());
        }
    }

    @Test
    void badBucketNames() throws Exception {
        for (String name : List.of("ab", "Upper", "under_score", "a..b", "192.168.1.1", "-dash", "x".repeat(64), "xn--punycode")) {
            assertError(http.send("PUT", "/" + name, Map.of(), new byte[0]), 400, "InvalidBucketName");
        }
    }

    @Test
    void wrongSecretAndUnknownKey() throws Exception {
        try (S3Client forger = GatewayFixture.client(gateway.endpoint(), gateway.alice().accessKeyId(), "not-the-secret")) {
            S3Exception e = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                    () -> forger.putObject(b -> b.bucket(bucket).key("kept"), RequestBody.fromString("forged")));
            assertEquals(403, e.statusCode());
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
        }
        try (S3Client stranger = GatewayFixture.client(gateway.endpoint(), "GKNOSUCHKEY0000000000", "secret")) {
            S3Exception e = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                    () -> stranger.listBuckets());
            assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
        }
        assertError(http.sendAnonymous("GET", "/" + bucket + "/kept", Map.of()), 403, "AccessDenied");
        assertKept();
    }

    @Test
    void contentMd5Mismatch() throws Exception {
        byte[] wrong = MessageDigest.getInstance("MD5").digest("something else".getBytes());
        assertError(http.send("PUT", "/" + bucket + "/kept",
                Map.of("Content-MD5", Base64.getEncoder().encodeToString(wrong)), "new bytes".getBytes()), 400, "BadDigest");
        assertError(http.send("PUT", "/" + bucket + "/kept", Map.of("Content-MD5", "not base64!"), "new bytes".getBytes()),
                400, "InvalidDigest");
        assertKept();
    }

    @Test
    void tamperedPayload() throws Exception {
        // Signed for one body, sent with another of the same length.
        assertError(http.sendTampered("PUT", "/" + bucket + "/kept", "new bytes".getBytes(), "NEW BYTES".getBytes()),
                400, "XAmzContentSHA256Mismatch");
        assertKept();
    }

    @Test
    void rangeBeyondTheEnd() throws Exception {
        HttpResponse<byte[]> response = http.send("GET", "/" + bucket + "/kept", Map.of("Range", "bytes=1000-2000"), new byte[0]);
        assertError(response, 416, "InvalidRange");
        assertEquals("bytes */" + ORIGINAL.length, response.headers().firstValue("Content-Range").orElse(null));
    }

    @Test
    void unknownKeysAndBuckets() throws Exception {
        Document missingKey = assertError(http.send("GET", "/" + bucket + "/missing", Map.of(), new byte[0]), 404, "NoSuchKey");
        assertEquals("missing", missingKey.getElementsByTagName("Key").item(0).getTextContent());
        Document missingBucket = assertError(http.send("GET", "/no-such-bucket-here/x", Map.of(), new byte[0]), 404, "NoSuchBucket");
        assertEquals("no-such-bucket-here", missingBucket.getElementsByTagName("BucketName").item(0).getTextContent());
    }

    @Test
    void notImplementedSubResourcesAreRefusedNotMistaken() throws Exception {
        assertError(http.send("GET", "/" + bucket + "?lifecycle", Map.of(), new byte[0]), 501, "NotImplemented");
        assertError(http.send("POST", "/" + bucket + "/kept?restore", Map.of(), new byte[0]), 501, "NotImplemented");
        assertError(http.send("PUT", "/" + bucket + "/kept?tagging", Map.of(), new byte[0]), 501, "NotImplemented");
        assertKept();
    }

    @Test
    void badListArguments() throws Exception {
        assertError(http.send("GET", "/" + bucket + "?max-keys=lots", Map.of(), new byte[0]), 400, "InvalidArgument");
        assertError(http.send("GET", "/" + bucket + "?encoding-type=base64", Map.of(), new byte[0]), 400, "InvalidArgument");
        assertError(http.send("GET", "/" + bucket + "?list-type=3", Map.of(), new byte[0]), 400, "InvalidArgument");
    }

    @Test
    void requestsJettyRejectsStillGetS3ErrorXml() throws Exception {
        String port = Integer.toString(gateway.endpoint().getPort());
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(port))) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /" + bucket + "/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.contains("<Error><Code>"), response);
            assertTrue(response.contains("x-amz-request-id:"), response);
        }
    }

    @Test
    void anErrorAnsweredBeforeTheBodyWasReadClosesTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.endpoint().getPort())) {
            OutputStream out = socket.getOutputStream();
            // Anonymous, so refused before the body is read; only part of the body is sent.
            out.write(("PUT /" + bucket + "/kept HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"
                    + "0123456789").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 403"), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"), head);
        }
        assertKept();
    }

    @Test
    void anErrorWithoutABodyKeepsTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.endpoint().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /" + bucket + "/kept HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 403"), head);
            assertFalse(head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
        }
    }

    /** The status line and headers of one response, up to the empty line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    @Test
    void aClientCannotSendTheInternalRawPathHeader() throws Exception {
        byte[] secret = "another object".getBytes(StandardCharsets.UTF_8);
        alice.putObject(b -> b.bucket(bucket).key("secret"), RequestBody.fromBytes(secret));
        // The header is dropped before the gateway sees it, so the signature that covered it fails:
        // the request can neither name another object than its request line does nor succeed.
        HttpResponse<byte[]> response = http.send("GET", "/" + bucket + "/kept",
                Map.of(RawTargetConnectionFactory.RAW_PATH_HEADER, "/" + bucket + "/secret"), new byte[0]);
        assertError(response, 403, "SignatureDoesNotMatch");
        assertKept();
    }

    private static void assertKept() {
        assertArrayEquals(ORIGINAL, alice.getObjectAsBytes(b -> b.bucket(bucket).key("kept")).asByteArray());
    }

    /** Checks status, S3 error code and request id; returns the parsed error document (null for HEAD). */
    static Document assertError(HttpResponse<byte[]> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        String requestId = response.headers().firstValue("x-amz-request-id").orElse(null);
        assertFalse(requestId == null || requestId.isEmpty(), "x-amz-request-id");
        if (code == null) {
            return null;
        }
        Document xml = parse(response.body());
        assertEquals("Error", xml.getDocumentElement().getTagName());
        assertEquals(code, xml.getElementsByTagName("Code").item(0).getTextContent());
        assertEquals(requestId, xml.getElementsByTagName("RequestId").item(0).getTextContent());
        return xml;
    }

    private static Document parse(byte[] body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = new ByteArrayInputStream(body)) {
            return factory.newDocumentBuilder().parse(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
