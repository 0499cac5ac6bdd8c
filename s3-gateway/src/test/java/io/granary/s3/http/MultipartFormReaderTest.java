package io.granary.s3.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartFormReaderTest {
    private static final String BOUNDARY = "xYzZY";

    /** A stream that hands out a few bytes per read, so delimiters straddle every buffer edge. */
    private static InputStream trickle(byte[] bytes) {
        Random random = new Random(3);
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                return super.read(target, offset, Math.min(length, 1 + random.nextInt(7)));
            }
        };
    }

    private static byte[] form(byte[] file, String preamble) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes((preamble + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n"
                + "a/b\r\n--" + BOUNDARY + "  \r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"C:\\\\dir\\\\x \\\"y\\\".txt\"\r\nContent-Type: text/plain\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    @Test
    void readsFieldsAndAFileThatLooksLikeABoundary() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(("\r\n--" + BOUNDARY.substring(0, 4) + " \r\n-").getBytes(StandardCharsets.UTF_8));
        byte[] noise = new byte[200_000];
        new Random(5).nextBytes(noise);
        file.writeBytes(noise);
        file.writeBytes("\r\n--xYzZ".getBytes(StandardCharsets.UTF_8));
        for (String preamble : new String[] {"", "a preamble\r\n"}) {
            MultipartFormReader reader = new MultipartFormReader(trickle(form(file.toByteArray(), preamble)), BOUNDARY);
            MultipartFormReader.PartHeaders key = reader.next();
            assertEquals(new MultipartFormReader.PartHeaders("key", null, null), key);
            assertEquals("a/b", reader.readText(100));
            MultipartFormReader.PartHeaders part = reader.next();
            assertEquals(new MultipartFormReader.PartHeaders("file", "C:\\dir\\x \"y\".txt", "text/plain"), part);
            assertArrayEquals(file.toByteArray(), reader.content().readAllBytes());
            assertNull(reader.next());
        }
    }

    @Test
    void skipsUnreadParts() throws IOException {
        MultipartFormReader reader = new MultipartFormReader(trickle(form(new byte[10], "")), BOUNDARY);
        reader.next();
        assertEquals("file", reader.next().name());
        assertNull(reader.next());
    }

    @Test
    void truncatedBodyIsMalformed() throws IOException {
        byte[] body = form("content".getBytes(StandardCharsets.UTF_8), "");
        byte[] truncated = java.util.Arrays.copyOf(body, body.length - 20 - BOUNDARY.length());
        MultipartFormReader reader = new MultipartFormReader(new ByteArrayInputStream(truncated), BOUNDARY);
        reader.next();
        reader.next();
        S3Exception failure = assertThrows(S3Exception.class, () -> reader.content().readAllBytes());
        assertEquals(S3Error.MALFORMED_POST_REQUEST, failure.error());
    }

    @Test
    void fieldsAreCapped() throws IOException {
        MultipartFormReader reader = new MultipartFormReader(new ByteArrayInputStream(form(new byte[0], "")), BOUNDARY);
        reader.next();
        S3Exception failure = assertThrows(S3Exception.class, () -> reader.readText(2));
        assertEquals(S3Error.MAX_POST_PRE_DATA_LENGTH_EXCEEDED, failure.error());
    }

    @Test
    void boundaryComesFromTheContentType() {
        assertEquals("abc", MultipartFormReader.boundary("multipart/form-data; boundary=abc"));
        assertEquals("a b", MultipartFormReader.boundary("Multipart/Form-Data; charset=x; Boundary=\"a b\""));
        assertNull(MultipartFormReader.boundary("multipart/mixed; boundary=abc"));
        assertNull(MultipartFormReader.boundary("multipart/form-data"));
        assertNull(MultipartFormReader.boundary(null));
    }
}
