package io.granary.s3.auth;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3ErrorStreamException;
import io.granary.s3.error.S3Exception;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The framing primitives of an aws-chunked body: CRLF-terminated lines (chunk headers, trailers)
 * and runs of data. Any framing error is IncompleteBody, which is what S3 answers for a malformed
 * chunked body as well as for a short one.
 */
final class AwsChunkedReader {
    /** Longer than any chunk header or trailer a client sends; bounds what a line may buffer. */
    static final int MAX_LINE = 4096;

    private final InputStream in;

    AwsChunkedReader(InputStream in) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in);
    }

    /** The next line without its CRLF. */
    String readLine() throws IOException {
        String line = readLineOrEnd();
        if (line == null) {
            throw truncated();
        }
        return line;
    }

    /** The next line without its CRLF, or null if the body ends where the line would start. */
    String readLineOrEnd() throws IOException {
        StringBuilder line = new StringBuilder();
        int next = in.read();
        if (next < 0) {
            return null;
        }
        while (next != '\r') {
            if (next < 0) {
                throw truncated();
            }
            if (next == '\n' || line.length() == MAX_LINE) {
                throw malformed(next == '\n' ? "a line ends without CR" : "a line is too long");
            }
            line.append((char) next);
            next = in.read();
        }
        if (in.read() != '\n') {
            throw malformed("a CR is not followed by LF");
        }
        return line.toString();
    }

    /** Reads exactly {@code length} bytes. */
    void readFully(byte[] buffer, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int count = in.read(buffer, done, length - done);
            if (count < 0) {
                throw truncated();
            }
            done += count;
        }
    }

    /** Reads between 1 and {@code length} bytes. */
    int readSome(byte[] buffer, int offset, int length) throws IOException {
        int count = in.read(buffer, offset, length);
        if (count < 0) {
            throw truncated();
        }
        return count;
    }

    /** The CRLF that ends a chunk's data. */
    void expectCrlf() throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr < 0 || lf < 0) {
            throw truncated();
        }
        if (cr != '\r' || lf != '\n') {
            throw malformed("a chunk's data is not followed by CRLF");
        }
    }

    /** Nothing may follow the end of the body. */
    void expectEnd() throws IOException {
        if (in.read() >= 0) {
            throw malformed("data follows the end of the body");
        }
    }

    int available() throws IOException {
        return in.available();
    }

    void close() throws IOException {
        in.close();
    }

    static S3ErrorStreamException truncated() {
        return new S3ErrorStreamException(new S3Exception(S3Error.INCOMPLETE_BODY,
                "The request body terminated unexpectedly"));
    }

    static S3ErrorStreamException malformed(String reason) {
        return new S3ErrorStreamException(new S3Exception(S3Error.INCOMPLETE_BODY,
                "The request body is not valid aws-chunked encoding: " + reason));
    }
}
