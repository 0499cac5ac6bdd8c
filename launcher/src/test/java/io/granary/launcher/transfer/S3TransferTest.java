package io.granary.launcher.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads against a hand-written S3 on the JDK's HTTP server that records every request and can
 * be told to fail one: the requests of a multipart upload, the object they make, and the abort
 * that follows each kind of failure.
 */
class S3TransferTest {
    private static final long MIB = 1L << 20;
    private static final Pattern PART = Pattern.compile("<Part><PartNumber>(\\d+)</PartNumber><ETag>([^<]*)</ETag></Part>");

    @TempDir
    Path work;

    private final FakeS3 s3 = new FakeS3();
    private HttpServer server;
    private ExecutorService handlers;
    private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    private final PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);

    /** A request as the fake saw it. */
    record Request(String method, String path, Map<String, String> query, byte[] body) {
        String operation() {
            if (method.equals("POST") && query.containsKey("uploads")) {
                return "CreateMultipartUpload";
            }
            if (method.equals("PUT") && query.containsKey("partNumber")) {
                return "UploadPart " + query.get("partNumber");
            }
            if (method.equals("POST") && query.containsKey("uploadId")) {
                return "CompleteMultipartUpload";
            }
            if (method.equals("DELETE") && query.containsKey("uploadId")) {
                return "AbortMultipartUpload";
            }
            return method;
        }
    }

    /** Just enough S3 for uploads of one key; failures are set by the test before it starts. */
    static final class FakeS3 {
        final List<Request> requests = new ArrayList<>();
        final Map<Integer, byte[]> parts = new ConcurrentHashMap<>();
        volatile byte[] object;
        volatile int failingPart;
        volatile boolean completeFailsInBody;
        volatile boolean noBucket;

        void handle(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> query = new TreeMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String parameter : raw.split("&")) {
                    int equals = parameter.indexOf('=');
                    query.put(equals < 0 ? parameter : parameter.substring(0, equals),
                            equals < 0 ? "" : parameter.substring(equals + 1));
                }
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query,
                    body);
            synchronized (requests) {
                requests.add(request);
            }
            String operation = request.operation();
            if (noBucket) {
                answer(exchange, 404, error("NoSuchBucket", "The specified bucket does not exist"));
            } else if (operation.equals("CreateMultipartUpload")) {
                answer(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult "
                        + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>bucket</Bucket><Key>key</Key>"
                        + "<UploadId>upload%2B1</UploadId></InitiateMultipartUploadResult>");
            } else if (operation.startsWith("UploadPart")) {
                int number = Integer.parseInt(query.get("partNumber"));
                if (number == failingPart) {
                    answer(exchange, 403, error("AccessDenied", "Access Denied"));
                    return;
                }
                parts.put(number, body);
                exchange.getResponseHeaders().add("ETag", "\"" + md5(body) + "\"");
                answer(exchange, 200, "");
            } else if (operation.equals("CompleteMultipartUpload")) {
                if (completeFailsInBody) {
                    answer(exchange, 200, "\n  " + error("InternalError", "We encountered an internal error."));
                    return;
                }
                ByteArrayOutputStream assembled = new ByteArrayOutputStream();
                Matcher matcher = PART.matcher(new String(body, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    byte[] part = parts.get(Integer.parseInt(matcher.group(1)));
                    if (part == null || !matcher.group(2).equals("\"" + md5(part) + "\"")) {
                        answer(exchange, 400, error("InvalidPart", "One or more of the specified parts could not be found."));
                        return;
                    }
                    assembled.writeBytes(part);
                }
                object = assembled.toByteArray();
                answer(exchange, 200, "<CompleteMultipartUploadResult><Bucket>bucket</Bucket><Key>key</Key>"
                        + "<ETag>\"x-" + parts.size() + "\"</ETag></CompleteMultipartUploadResult>");
            } else if (operation.equals("AbortMultipartUpload")) {
                parts.clear();
                answer(exchange, 204, null);
            } else if (operation.equals("PUT")) {
                object = body;
                answer(exchange, 200, "");
            } else {
                answer(exchange, 405, error("MethodNotAllowed", "no"));
            }
        }

        List<String> operations() {
            synchronized (requests) {
                return requests.stream().map(Request::operation).toList();
            }
        }

        Request only(String operation) {
            synchronized (requests) {
                List<Request> found = requests.stream().filter(r -> r.operation().equals(operation)).toList();
                assertEquals(1, found.size(), operation + " in " + operations());
                return found.get(0);
            }
        }

        private static String error(String code, String message) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                    + "</Message><RequestId>1</RequestId></Error>";
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }

    @BeforeEach
    void start() throws IOException {
        handlers = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                s3.handle(exchange);
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            }
        });
        server.setExecutor(handlers);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private S3Transfer transfer(long partSize) {
        return new S3Transfer(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "AKID", "secret",
                "us-east-1", Clock.systemUTC(), partSize);
    }

    private Path file(long length) throws IOException {
        byte[] bytes = new byte[(int) length];
        new Random(length).nextBytes(bytes);
        Path file = work.resolve("file-" + length);
        Files.write(file, bytes);
        return file;
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final S3Transfer.Location TARGET = new S3Transfer.Location("bucket", "dir/disk image.raw");

    @Test
    void aFileLongerThanOnePartGoesInPartsCompletedInOrder() throws IOException {
        Path file = file(13 * MIB + 3);
        assertEquals(13 * MIB + 3, transfer(5 * MIB).upload(file, TARGET, progress));

        assertArrayEquals(Files.readAllBytes(file), s3.object);
        List<String> operations = s3.operations();
        assertEquals("CreateMultipartUpload", operations.get(0));
        assertEquals(List.of("UploadPart 1", "UploadPart 2", "UploadPart 3"),
                operations.subList(1, 4).stream().sorted().toList());
        assertEquals(List.of("CreateMultipartUpload", "CompleteMultipartUpload"),
                List.of(operations.get(0), operations.get(4)));
        assertEquals(5, operations.size());
        for (Request request : s3.requests) {
            assertEquals("/bucket/dir/disk%20image.raw", request.path());
        }
        assertEquals(5 * MIB, s3.parts.get(1).length);
        assertEquals(3 * MIB + 3, s3.parts.get(3).length);
        // The upload id goes back as S3 gave it, encoded once; the parts listed in order with their ETags.
        Request complete = s3.only("CompleteMultipartUpload");
        assertEquals("upload%252B1", complete.query().get("uploadId"));
        Matcher matcher = PART.matcher(new String(complete.body(), StandardCharsets.UTF_8));
        for (int number = 1; number <= 3; number++) {
            assertTrue(matcher.find());
            assertEquals(Integer.toString(number), matcher.group(1));
            assertEquals("\"" + md5(s3.parts.get(number)) + "\"", matcher.group(2));
        }
        // One bar for the whole file, ending at 100%.
        String bar = progressBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, bar.chars().filter(c -> c == '\n').count(), bar);
        assertTrue(bar.endsWith("100% 13.0/13.0 MiB\n"), bar);
    }

    @Test
    void aFileOfOnePartOrLessIsOnePut() throws IOException {
        Path file = file(5 * MIB);
        transfer(5 * MIB).upload(file, TARGET, progress);
        assertEquals(List.of("PUT"), s3.operations());
        assertEquals(Map.of(), s3.requests.get(0).query());
        assertArrayEquals(Files.readAllBytes(file), s3.object);

        Path empty = file(0);
        transfer(5 * MIB).upload(empty, TARGET, progress);
        assertEquals(List.of("PUT", "PUT"), s3.operations());
        assertEquals(0, s3.object.length);
    }

    @Test
    void aFailedPartAbortsTheUploadAndSaysWhichPartAndWhy() throws IOException {
        s3.failingPart = 2;
        Path file = file(13 * MIB);
        IOException failure = assertThrows(IOException.class, () -> transfer(5 * MIB).upload(file, TARGET, progress));
        assertTrue(failure.getMessage().startsWith("UploadPart s3://bucket/dir/disk image.raw part 2 of 3 failed with "
                + "HTTP 403 AccessDenied (Access Denied); the multipart upload was aborted"), failure.getMessage());
        List<String> operations = s3.operations();
        assertEquals("AbortMultipartUpload", operations.get(operations.size() - 1), operations.toString());
        assertTrue(!operations.contains("CompleteMultipartUpload"), operations.toString());
        assertEquals("upload%252B1", s3.only("AbortMultipartUpload").query().get("uploadId"));
        assertTrue(s3.parts.isEmpty());
        assertEquals(null, s3.object);
    }

    @Test
    void anErrorInTheBodyOfASuccessfulCompleteIsAFailure() throws IOException {
        s3.completeFailsInBody = true;
        Path file = file(11 * MIB);
        IOException failure = assertThrows(IOException.class, () -> transfer(5 * MIB).upload(file, TARGET, progress));
        assertEquals("CompleteMultipartUpload s3://bucket/dir/disk image.raw failed with HTTP 200 InternalError "
                + "(We encountered an internal error.); the multipart upload was aborted", failure.getMessage());
        List<String> operations = s3.operations();
        assertEquals(List.of("CompleteMultipartUpload", "AbortMultipartUpload"),
                operations.subList(operations.size() - 2, operations.size()));
        assertEquals(null, s3.object);
    }

    @Test
    void aMissingBucketFailsTheCreateAndUploadsNothing() throws IOException {
        s3.noBucket = true;
        Path file = file(11 * MIB);
        IOException failure = assertThrows(IOException.class, () -> transfer(5 * MIB).upload(file, TARGET, progress));
        assertEquals("CreateMultipartUpload s3://bucket/dir/disk image.raw failed with HTTP 404 NoSuchBucket "
                + "(The specified bucket does not exist)", failure.getMessage());
        assertEquals(List.of("CreateMultipartUpload"), s3.operations());

        IOException put = assertThrows(IOException.class, () -> transfer(64 * MIB).upload(file, TARGET, progress));
        assertEquals("PUT s3://bucket/dir/disk image.raw failed with HTTP 404 NoSuchBucket "
                + "(The specified bucket does not exist)", put.getMessage());
    }

    @Test
    void partSizesOutsideS3sBoundsAreRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> transfer(MIB));
        assertThrows(IllegalArgumentException.class, () -> transfer(6L << 30));
    }
}
