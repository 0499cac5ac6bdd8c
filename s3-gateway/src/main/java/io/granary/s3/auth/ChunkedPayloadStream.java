package io.granary.s3.auth;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3ErrorStreamException;
import io.granary.s3.error.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Decodes an aws-chunked body ({@code hex-size[;chunk-signature=sig]\r\n data \r\n}, repeated,
 * then a zero-size chunk and, for the trailer variants, trailing headers) and verifies it.
 *
 * <p>Signed chunks are read whole and their signature checked before any of their bytes are
 * returned, so a chunk is the most this stream holds; chunks larger than {@link
 * #MAX_SIGNED_CHUNK} are refused. Unsigned chunks pass straight through. The decoded length must
 * equal {@code x-amz-decoded-content-length}.
 */
final class ChunkedPayloadStream extends PayloadStream {
    /** SDKs sign 64 KiB (Java 1.x, botocore) or 128 KiB (Java 2.x) chunks; this leaves a wide margin. */
    static final int MAX_SIGNED_CHUNK = 16 * 1024 * 1024;

    private static final int MAX_SIZE_DIGITS = 16;
    private static final String CHUNK_SIGNATURE = "chunk-signature=";

    private final AwsChunkedReader reader;
    private final ChunkSignatureChain chain;
    private final boolean hasTrailer;
    private final Map<ChecksumAlgorithm, ChecksumAlgorithm.Running> checksums = new LinkedHashMap<>();
    private final TrailerVerifier trailerVerifier;
    private final long declaredLength;
    private final byte[] oneByte = new byte[1];

    private long decodedLength;
    private byte[] chunk = new byte[0];
    private int chunkPosition;
    private int chunkEnd;
    private long unsignedRemaining;
    private boolean finished;
    private Map<String, String> trailers = Map.of();
    private S3ErrorStreamException failure;

    /**
     * @param in the raw body
     * @param chain the chunk signatures to verify; null for {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}
     * @param hasTrailer whether trailing headers follow the last chunk
     * @param announcedChecksums the checksums {@code x-amz-trailer} announces
     * @param declaredLength {@code x-amz-decoded-content-length}
     */
    ChunkedPayloadStream(InputStream in, ChunkSignatureChain chain, boolean hasTrailer,
            List<ChecksumAlgorithm> announcedChecksums, long declaredLength) {
        super(OptionalLong.of(declaredLength));
        this.reader = new AwsChunkedReader(Objects.requireNonNull(in, "in"));
        this.chain = chain;
        this.hasTrailer = hasTrailer;
        announcedChecksums.forEach(algorithm -> checksums.put(algorithm, algorithm.start()));
        this.trailerVerifier = new TrailerVerifier(chain, checksums);
        this.declaredLength = declaredLength;
    }

    @Override
    public int read() throws IOException {
        int count = read(oneByte, 0, 1);
        return count < 0 ? -1 : oneByte[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (failure != null) {
            throw failure;
        }
        if (length == 0) {
            return 0;
        }
        try {
            while (!finished) {
                if (chunkPosition < chunkEnd) {
                    int count = Math.min(length, chunkEnd - chunkPosition);
                    System.arraycopy(chunk, chunkPosition, buffer, offset, count);
                    chunkPosition += count;
                    finishIfComplete();
                    return count;
                }
                if (unsignedRemaining > 0) {
                    int count = reader.readSome(buffer, offset, (int) Math.min(length, unsignedRemaining));
                    checksums.values().forEach(running -> running.update(buffer, offset, count));
                    unsignedRemaining -= count;
                    if (unsignedRemaining == 0) {
                        reader.expectCrlf();
                        finishIfComplete();
                    }
                    return count;
                }
                nextChunk();
            }
            return -1;
        } catch (S3ErrorStreamException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int available() throws IOException {
        return chunkEnd - chunkPosition;
    }

    @Override
    public Map<String, String> trailers() {
        return trailers;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /**
     * Once the declared length has been decoded, reads and verifies the rest (the final chunk, the
     * trailer) before the last bytes are handed over: a reader that stops at the declared length
     * without asking for the end still gets every check.
     */
    private void finishIfComplete() throws IOException {
        if (!finished && chunkPosition == chunkEnd && unsignedRemaining == 0 && decodedLength == declaredLength) {
            nextChunk();
        }
    }

    /** Reads the next chunk header and, for a signed chunk, its data; at the last chunk, the end. */
    private void nextChunk() throws IOException {
        String header = reader.readLine();
        int semicolon = header.indexOf(';');
        long size = parseSize(semicolon < 0 ? header : header.substring(0, semicolon));
        String signature = semicolon < 0 ? null : signatureOf(header.substring(semicolon + 1));
        if (chain != null && signature == null) {
            throw AwsChunkedReader.malformed("a chunk has no chunk-signature");
        }
        if (size > declaredLength - decodedLength) {
            throw new S3ErrorStreamException(new S3Exception(S3Error.INCOMPLETE_BODY,
                    "The decoded body is longer than x-amz-decoded-content-length: " + declaredLength + " bytes"));
        }
        if (size == 0) {
            if (chain != null) {
                chain.verifyChunk(signature, Hex.EMPTY_SHA256);
            }
            finish();
            return;
        }
        decodedLength += size;
        if (chain == null) {
            unsignedRemaining = size;
            return;
        }
        if (size > MAX_SIGNED_CHUNK) {
            throw new S3ErrorStreamException(new S3Exception(S3Error.INVALID_REQUEST,
                    "A signed chunk may hold at most " + MAX_SIGNED_CHUNK + " bytes; this one holds " + size));
        }
        int count = (int) size;
        if (chunk.length < count) {
            chunk = new byte[count];
        }
        reader.readFully(chunk, count);
        reader.expectCrlf();
        chain.verifyChunk(signature, Hex.sha256(chunk, 0, count));
        checksums.values().forEach(running -> running.update(chunk, 0, count));
        chunkPosition = 0;
        chunkEnd = count;
    }

    /** After the zero-size chunk: the trailers, if any, then the end of the body. */
    private void finish() throws IOException {
        if (decodedLength != declaredLength) {
            throw new S3ErrorStreamException(new S3Exception(S3Error.INCOMPLETE_BODY,
                    "The decoded body is shorter than x-amz-decoded-content-length: " + decodedLength + " of "
                            + declaredLength + " bytes"));
        }
        String line = reader.readLineOrEnd();
        // AWS's own trailer example puts an empty line between the last chunk and the trailers.
        if (hasTrailer && line != null && line.isEmpty()) {
            line = reader.readLineOrEnd();
        }
        List<String> lines = new ArrayList<>();
        while (line != null && !line.isEmpty()) {
            if (!hasTrailer || lines.size() == TrailerVerifier.MAX_TRAILERS) {
                throw new S3ErrorStreamException(new S3Exception(S3Error.MALFORMED_TRAILER_ERROR));
            }
            lines.add(line);
            line = reader.readLineOrEnd();
        }
        if (line != null) {
            reader.expectEnd();
        }
        if (hasTrailer) {
            trailers = trailerVerifier.verify(lines);
        }
        finished = true;
        chunk = new byte[0];
        chunkPosition = 0;
        chunkEnd = 0;
    }

    private static long parseSize(String text) throws S3ErrorStreamException {
        if (text.isEmpty() || text.length() > MAX_SIZE_DIGITS) {
            throw AwsChunkedReader.malformed("a chunk size is not hexadecimal");
        }
        long size = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0 || text.charAt(i) >= 0x80 || size > (Long.MAX_VALUE >>> 4)) {
                throw AwsChunkedReader.malformed("a chunk size is not hexadecimal");
            }
            size = size << 4 | digit;
        }
        return size;
    }

    /** The {@code chunk-signature} among a chunk header's extensions; null if there is none. */
    private static String signatureOf(String extensions) {
        for (String extension : extensions.split(";")) {
            String trimmed = extension.strip();
            if (trimmed.startsWith(CHUNK_SIGNATURE)) {
                return trimmed.substring(CHUNK_SIGNATURE.length());
            }
        }
        return null;
    }
}
