package io.granary.s3.auth;

import java.io.InputStream;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A request body that verifies itself as it is read, made by {@link PayloadStreams#open}.
 *
 * <p>Read it to the end. The last checks (the payload hash, the final chunk, the trailer and its
 * checksum) run at the end: when a read returns -1, or earlier, before the last bytes are returned,
 * if the length is known ({@code Content-Length}, {@code x-amz-decoded-content-length}). A read
 * that finds a problem throws an {@link io.granary.s3.error.S3ErrorStreamException} carrying the S3
 * error, and so does every read after it. Bytes returned before the end are not yet proven (for
 * aws-chunked bodies each chunk is proven before any of its bytes are returned), so the reader must
 * discard what it stored when a read fails. Not thread-safe, like any stream.
 */
public abstract class PayloadStream extends InputStream {
    private final OptionalLong decodedContentLength;

    PayloadStream(OptionalLong decodedContentLength) {
        this.decodedContentLength = decodedContentLength;
    }

    /**
     * The length of the decoded body that the client declared in {@code x-amz-decoded-content-length}
     * for an aws-chunked body (the stream fails if the body differs); empty otherwise, when the
     * {@code Content-Length} is the body's length.
     */
    public OptionalLong decodedContentLength() {
        return decodedContentLength;
    }

    /**
     * The trailing headers of an aws-chunked body, such as {@code x-amz-checksum-crc32}, by
     * lower-case name, once the end has been read and verified; empty before that and for other
     * bodies. {@code x-amz-trailer-signature} is not included.
     */
    public Map<String, String> trailers() {
        return Map.of();
    }
}
