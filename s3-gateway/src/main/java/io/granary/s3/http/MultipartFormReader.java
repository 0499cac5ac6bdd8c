package io.granary.s3.http;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) part by part, straight from the request
 * stream: each part's content is a stream that ends at the next boundary, so a large file part is
 * never held in memory. Part headers are capped; field values are read only up to a cap the caller
 * gives. Not thread-safe; one reader per request.
 */
public final class MultipartFormReader {
    /** The most bytes of headers one part may have. */
    static final int MAX_PART_HEADERS = 8 * 1024;

    /**
     * One part's headers.
     *
     * @param name the form field name, from {@code Content-Disposition}
     * @param fileName the {@code filename} parameter, or {@code null} for a plain field
     * @param contentType the part's {@code Content-Type}, or {@code null}
     */
    public record PartHeaders(String name, String fileName, String contentType) {
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean eof;
    private boolean started;
    private boolean finished;
    private boolean inPart;

    public MultipartFormReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The boundary parameter of a {@code multipart/form-data} Content-Type, or {@code null} if it is not one. */
    public static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("multipart/form-data")) {
            return null;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("boundary")) {
                String value = parameter.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 70 ? null : value;
            }
        }
        return null;
    }

    /**
     * Moves to the next part, skipping what is left of the current one.
     *
     * @return the next part's headers, or {@code null} after the closing boundary
     * @throws S3Exception MalformedPOSTRequest if the body is not well-formed
     */
    public PartHeaders next() throws IOException {
        if (finished) {
            return null;
        }
        if (!started) {
            // The first boundary has no CRLF before it unless there is a preamble.
            started = true;
            fill(delimiter.length);
            if (limit - position >= delimiter.length - 2
                    && startsWith(delimiter, 2, delimiter.length - 2)) {
                position += delimiter.length - 2;
            } else {
                skipToDelimiter();
            }
        } else {
            if (inPart) {
                skipToDelimiter();
            }
        }
        inPart = false;
        fill(2);
        if (limit - position >= 2 && buffer[position] == '-' && buffer[position + 1] == '-') {
            finished = true;
            return null;
        }
        // Transport padding, then CRLF.
        while (true) {
            fill(1);
            if (limit == position) {
                throw malformed();
            }
            byte b = buffer[position];
            if (b == ' ' || b == '\t') {
                position++;
            } else {
                break;
            }
        }
        expectCrlf();
        PartHeaders headers = readHeaders();
        inPart = true;
        return headers;
    }

    /** The current part's content, ending at the next boundary; reading it to its end ends the part. */
    public InputStream content() {
        if (!inPart) {
            throw new IllegalStateException("no current part");
        }
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                return readContent(target, offset, length);
            }
        };
    }

    /** The current part's content as UTF-8 text, refusing more than {@code maxBytes}. */
    public String readText(int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        InputStream content = content();
        int n;
        while ((n = content.read(chunk)) > 0) {
            out.write(chunk, 0, n);
            if (out.size() > maxBytes) {
                throw new S3Exception(S3Error.MAX_POST_PRE_DATA_LENGTH_EXCEEDED);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private int readContent(byte[] target, int offset, int length) throws IOException {
        if (!inPart) {
            return -1;
        }
        fill(delimiter.length + 8192);
        int available = limit - position;
        if (available == 0) {
            throw malformed();
        }
        int found = indexOf(delimiter, position, limit);
        int end;
        if (found == position) {
            // At the boundary: the part ends; next() continues after it.
            position += delimiter.length;
            inPart = false;
            return -1;
        } else if (found >= 0) {
            end = found;
        } else if (eof) {
            throw malformed();
        } else {
            // A delimiter may straddle the end of the buffer: keep its possible start.
            end = Math.max(position + 1, limit - delimiter.length + 1);
        }
        int n = Math.min(length, end - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    private void skipToDelimiter() throws IOException {
        // Reading content to its end leaves the reader just after the next delimiter.
        byte[] sink = new byte[8192];
        inPart = true;
        while (readContent(sink, 0, sink.length) >= 0) {
            // discard
        }
    }

    private PartHeaders readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine();
            total += line.length() + 2;
            if (total > MAX_PART_HEADERS) {
                throw malformed();
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed();
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        String disposition = headers.get("content-disposition");
        if (disposition == null) {
            throw malformed();
        }
        String name = dispositionParameter(disposition, "name");
        if (name == null) {
            throw malformed();
        }
        return new PartHeaders(name, dispositionParameter(disposition, "filename"), headers.get("content-type"));
    }

    /** A parameter of {@code form-data; name="x"; filename="y"}, quoted or not. */
    static String dispositionParameter(String disposition, String parameter) {
        int i = disposition.indexOf(';');
        while (i >= 0 && i < disposition.length()) {
            int start = i + 1;
            while (start < disposition.length() && disposition.charAt(start) == ' ') {
                start++;
            }
            int equals = disposition.indexOf('=', start);
            if (equals < 0) {
                return null;
            }
            String name = disposition.substring(start, equals).strip();
            String value;
            int next;
            if (equals + 1 < disposition.length() && disposition.charAt(equals + 1) == '"') {
                StringBuilder quoted = new StringBuilder();
                int j = equals + 2;
                while (j < disposition.length() && disposition.charAt(j) != '"') {
                    if (disposition.charAt(j) == '\\' && j + 1 < disposition.length()) {
                        j++;
                    }
                    quoted.append(disposition.charAt(j));
                    j++;
                }
                value = quoted.toString();
                next = disposition.indexOf(';', j);
            } else {
                next = disposition.indexOf(';', equals);
                value = disposition.substring(equals + 1, next < 0 ? disposition.length() : next).strip();
            }
            if (name.equalsIgnoreCase(parameter)) {
                return value;
            }
            i = next;
        }
        return null;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            fill(2);
            if (limit - position < 2) {
                throw malformed();
            }
            if (buffer[position] == '\r' && buffer[position + 1] == '\n') {
                position += 2;
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(buffer[position++]);
            if (line.size() > MAX_PART_HEADERS) {
                throw malformed();
            }
        }
    }

    private void expectCrlf() throws IOException {
        fill(2);
        if (limit - position < 2 || buffer[position] != '\r' || buffer[position + 1] != '\n') {
            throw malformed();
        }
        position += 2;
    }

    private boolean startsWith(byte[] pattern, int from, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[position + i] != pattern[from + i]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte[] pattern, int from, int to) {
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buffer[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Makes at least {@code wanted} bytes available unless the stream ends first. */
    private void fill(int wanted) throws IOException {
        if (limit - position >= wanted || eof) {
            return;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit < buffer.length && !eof) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
                if (limit - position >= wanted) {
                    return;
                }
            }
        }
    }

    private static S3Exception malformed() {
        return new S3Exception(S3Error.MALFORMED_POST_REQUEST);
    }
}
