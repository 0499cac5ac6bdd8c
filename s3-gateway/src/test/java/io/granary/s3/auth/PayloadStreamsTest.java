package io.granary.s3.auth;

import io.granary.core.checksum.ChecksumAlgorithm;
import static io.granary.s3.auth.TestRequests.assertS3Error;
import static io.granary.s3.auth.TestRequests.assertStreamError;
import static io.granary.s3.auth.TestRequests.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3ErrorStreamException;
import io.granary.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadStreamsTest {
    private static final CredentialScope SCOPE = new CredentialScope("20240301", "us-east-1", "s3");
    private static final SigningContext SIGNING = new SigningContext(SigningKey.derive("secret", SCOPE),
            "20240301T120000Z", SCOPE, "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
    private static final byte[] DATA = text("The quick brown fox jumps over the lazy dog, twice: "
            + "the quick brown fox jumps over the lazy dog.");

    private static Authentication authentication(PayloadMode mode, String contentSha256) {
        return new Authentication("GKTEST", "user", AuthenticationScheme.SIGNATURE_V4_HEADER,
                Instant.parse("2024-03-01T12:00:00Z"), mode, contentSha256, SIGNING);
    }

    private static PayloadStream open(PayloadMode mode, byte[] body, String... headers) {
        return PayloadStreams.open(authentication(mode, mode.headerValue()), request("PUT", "/b/k", "", headers),
                new ByteArrayInputStream(body));
    }

    private static PayloadStream openChunked(PayloadMode mode, byte[] body, long decodedLength, String trailer) {
        return trailer == null
                ? open(mode, body, "x-amz-decoded-content-length", Long.toString(decodedLength))
                : open(mode, body, "x-amz-decoded-content-length", Long.toString(decodedLength), "x-amz-trailer", trailer);
    }

    // x-amz-content-sha256 with the body's hash.

    @Test
    void aSignedPayloadThatHashesRightPassesThrough() throws IOException {
        String sha256 = Hex.sha256(DATA, 0, DATA.length);
        for (String value : new String[] {sha256, sha256.toUpperCase(Locale.ROOT)}) {
            try (PayloadStream body = PayloadStreams.open(authentication(PayloadMode.SIGNED_PAYLOAD, value),
                    request("PUT", "/b/k", ""), new ByteArrayInputStream(DATA))) {
                assertArrayEquals(DATA, readByteByByteThenInBulk(body));
                assertTrue(body.decodedContentLength().isEmpty());
            }
        }
    }

    @Test
    void aTamperedSignedPayloadIsXAmzContentSha256Mismatch() throws IOException {
        String expected = Hex.sha256(DATA, 0, DATA.length);
        byte[] tampered = DATA.clone();
        tampered[7] ^= 1;
        PayloadStream body = PayloadStreams.open(authentication(PayloadMode.SIGNED_PAYLOAD, expected),
                request("PUT", "/b/k", ""), new ByteArrayInputStream(tampered));
        S3Exception error = assertStreamError(S3Error.X_AMZ_CONTENT_SHA256_MISMATCH, body);
        assertEquals(Map.of("ClientComputedContentSHA256", expected,
                "S3ComputedContentSHA256", Hex.sha256(tampered, 0, tampered.length)), error.details());
        // The failure sticks: a reader that retries gets it again.
        assertThrows(S3ErrorStreamException.class, body::read);
    }

    @Test
    void aReaderThatStopsAtTheContentLengthStillGetsTheMismatch() throws IOException {
        String expected = Hex.sha256(DATA, 0, DATA.length);
        byte[] tampered = DATA.clone();
        tampered[0] ^= 1;
        SignedRequest request = request("PUT", "/b/k", "", "Content-Length", Integer.toString(DATA.length));
        PayloadStream body = PayloadStreams.open(authentication(PayloadMode.SIGNED_PAYLOAD, expected), request,
                new ByteArrayInputStream(tampered));
        assertThrows(S3ErrorStreamException.class, () -> body.readNBytes(DATA.length));
        PayloadStream intact = PayloadStreams.open(authentication(PayloadMode.SIGNED_PAYLOAD, expected), request,
                new ByteArrayInputStream(DATA));
        assertArrayEquals(DATA, intact.readNBytes(DATA.length));
    }

    @Test
    void anEmptyBodyMatchesTheEmptyHash() throws IOException {
        PayloadStream body = PayloadStreams.open(authentication(PayloadMode.SIGNED_PAYLOAD, Hex.EMPTY_SHA256),
                request("GET", "/b/k", ""), new ByteArrayInputStream(new byte[0]));
        assertEquals(-1, body.read());
        assertEquals(-1, body.read());
    }

    @Test
    void anUnsignedPayloadPassesThrough() throws IOException {
        assertArrayEquals(DATA, open(PayloadMode.UNSIGNED_PAYLOAD, DATA).readAllBytes());
    }

    // STREAMING-AWS4-HMAC-SHA256-PAYLOAD.

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, 95, 96, 97, 1000})
    void signedChunksOfAnySizeDecode(int length) throws IOException {
        byte[] data = Arrays.copyOf(DATA, length);
        byte[] body = ChunkedBodies.signed(SIGNING, data, 16, null);
        try (PayloadStream decoded = openChunked(PayloadMode.STREAMING_SIGNED, body, length, null)) {
            assertEquals(length, decoded.decodedContentLength().orElseThrow());
            assertArrayEquals(data, readByteByByteThenInBulk(decoded));
            assertEquals(-1, decoded.read());
            assertEquals(Map.of(), decoded.trailers());
        }
    }

    @Test
    void aChangedDataByteIsSignatureDoesNotMatch() {
        byte[] body = ChunkedBodies.signed(SIGNING, DATA, 16, null);
        int firstDataByte = indexOf(body, "\r\n") + 2;
        for (int position : new int[] {firstDataByte, firstDataByte + 15, body.length - 30}) {
            byte[] tampered = body.clone();
            tampered[position] ^= 0x20;
            assertStreamError(S3Error.SIGNATURE_DOES_NOT_MATCH,
                    openChunked(PayloadMode.STREAMING_SIGNED, tampered, DATA.length, null));
        }
    }

    @Test
    void aChangedChunkSignatureIsSignatureDoesNotMatch() {
        byte[] body = ChunkedBodies.signed(SIGNING, DATA, 16, null);
        int signature = indexOf(body, "chunk-signature=") + "chunk-signature=".length();
        body[signature] = (byte) (body[signature] == '0' ? '1' : '0');
        S3Exception error = assertStreamError(S3Error.SIGNATURE_DOES_NOT_MATCH,
                openChunked(PayloadMode.STREAMING_SIGNED, body, DATA.length, null));
        assertTrue(error.details().get("StringToSign").startsWith("AWS4-HMAC-SHA256-PAYLOAD\n20240301T120000Z\n"));
    }

    @Test
    void chunksSignedForAnotherRequestAreRefused() {
        SigningContext other = new SigningContext(SIGNING.key(), SIGNING.timestamp(), SCOPE, Hex.sha256("other"));
        byte[] body = ChunkedBodies.signed(other, DATA, 16, null);
        assertStreamError(S3Error.SIGNATURE_DOES_NOT_MATCH, openChunked(PayloadMode.STREAMING_SIGNED, body, DATA.length,
                null));
    }

    @Test
    void reorderedChunksAreRefused() {
        byte[] data = text("0123456789abcdef" + "ABCDEFGHIJKLMNOP");
        String body = new String(ChunkedBodies.signed(SIGNING, data, 16, null), StandardCharsets.US_ASCII);
        int second = body.indexOf("10;chunk-signature", 1);
        int last = body.indexOf("0;chunk-signature", second + 2);
        String swapped = body.substring(second, last) + body.substring(0, second) + body.substring(last);
        assertStreamError(S3Error.SIGNATURE_DOES_NOT_MATCH,
                openChunked(PayloadMode.STREAMING_SIGNED, text(swapped), data.length, null));
    }

    /** Cut anywhere, the body fails; only the last CRLF may be missing. */
    @Test
    void aTruncatedBodyIsIncompleteBody() throws IOException {
        byte[] body = ChunkedBodies.signed(SIGNING, Arrays.copyOf(DATA, 40), 16, null);
        for (int length = 0; length < body.length - 2; length++) {
            assertStreamError(S3Error.INCOMPLETE_BODY,
                    openChunked(PayloadMode.STREAMING_SIGNED, Arrays.copyOf(body, length), 40, null));
        }
        assertEquals(40, openChunked(PayloadMode.STREAMING_SIGNED, Arrays.copyOf(body, body.length - 2), 40, null)
                .readAllBytes().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "zz;chunk-signature=SIG\r\n",
        "-1;chunk-signature=SIG\r\n",
        "10000000000000000;chunk-signature=SIG\r\n",
        "5;chunk-signature=SIG\nhello\r\n",
        "5\r\nhello\r\n0\r\n\r\n",
        "5;chunk-signature=SIG\r\nhelloXX",
        "5;chunk-signature=SIG\r\nhello\r\n0;chunk-signature=SIG\r\n\r\ntrailing garbage",
    })
    void malformedFramingIsIncompleteBody(String framing) {
        // SIG is replaced by the right signature so that only the framing is wrong.
        String body = framing;
        String previous = SIGNING.seedSignature();
        if (framing.startsWith("5;")) {
            previous = ChunkedBodies.chunkSignature(SIGNING, previous, text("hello"));
            body = body.replaceFirst("SIG", previous);
            body = body.replaceFirst("SIG", ChunkedBodies.chunkSignature(SIGNING, previous, new byte[0]));
        }
        assertStreamError(S3Error.INCOMPLETE_BODY, openChunked(PayloadMode.STREAMING_SIGNED, text(body), 5, null));
    }

    @Test
    void theDecodedLengthMustBeTheDeclaredOne() {
        byte[] body = ChunkedBodies.signed(SIGNING, DATA, 16, null);
        assertStreamError(S3Error.INCOMPLETE_BODY, openChunked(PayloadMode.STREAMING_SIGNED, body, DATA.length - 1, null));
        assertStreamError(S3Error.INCOMPLETE_BODY, openChunked(PayloadMode.STREAMING_SIGNED, body, DATA.length + 1, null));
    }

    @Test
    void theDecodedLengthHeaderIsRequired() {
        byte[] body = ChunkedBodies.signed(SIGNING, DATA, 16, null);
        assertS3Error(S3Error.MISSING_CONTENT_LENGTH, () -> open(PayloadMode.STREAMING_SIGNED, body));
        assertS3Error(S3Error.INVALID_ARGUMENT,
                () -> open(PayloadMode.STREAMING_SIGNED, body, "x-amz-decoded-content-length", "lots"));
        assertS3Error(S3Error.INVALID_ARGUMENT,
                () -> open(PayloadMode.STREAMING_SIGNED, body, "x-amz-decoded-content-length", "-1"));
    }

    @Test
    void anOversizedSignedChunkIsRefusedBeforeItIsRead() {
        long size = ChunkedPayloadStream.MAX_SIGNED_CHUNK + 1L;
        byte[] header = text(Long.toHexString(size) + ";chunk-signature=" + SIGNING.seedSignature() + "\r\n");
        assertStreamError(S3Error.INVALID_REQUEST, openChunked(PayloadMode.STREAMING_SIGNED, header, size, null));
    }

    @Test
    void aTrailerWhereNoneWasAnnouncedIsMalformedTrailerError() {
        byte[] body = ChunkedBodies.signed(SIGNING, DATA, 16, Map.of("x-amz-checksum-crc32", "AAAAAA=="));
        assertStreamError(S3Error.MALFORMED_TRAILER_ERROR,
                openChunked(PayloadMode.STREAMING_SIGNED, body, DATA.length, null));
    }

    // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER.

    @Test
    void aSignedTrailerWithTheRightChecksumIsExposed() throws IOException {
        String crc32 = checksum(ChecksumAlgorithm.CRC32, DATA);
        byte[] body = ChunkedBodies.signed(SIGNING, DATA, 32, Map.of("x-amz-checksum-crc32", crc32));
        try (PayloadStream decoded = openChunked(PayloadMode.STREAMING_SIGNED_TRAILER, body, DATA.length,
                "x-amz-checksum-crc32")) {
            assertEquals(Map.of(), decoded.trailers());
            assertArrayEquals(DATA, decoded.readAllBytes());
            assertEquals(Map.of("x-amz-checksum-crc32", crc32), decoded.trailers());
        }
    }

    /** The end is verified before the last byte is handed over, so stopping there is safe. */
    @Test
    void aReaderThatStopsAtTheDecodedLengthStillGetsEveryCheck() throws IOException {
        String crc32 = checksum(ChecksumAlgorithm.CRC32, DATA);
        byte[] good = ChunkedBodies.signed(SIGNING, DATA, 32, Map.of("x-amz-checksum-crc32", crc32));
        PayloadStream decoded = openChunked(PayloadMode.STREAMING_SIGNED_TRAILER, good, DATA.length,
                "x-amz-checksum-crc32");
        assertArrayEquals(DATA, decoded.readNBytes(DATA.length));
        assertEquals(Map.of("x-amz-checksum-crc32", crc32), decoded.trailers());

        byte[] bad = ChunkedBodies.unsigned(DATA, 32, Map.of("x-amz-checksum-crc32", "AAAAAA=="));
        PayloadStream unsigned = openChunked(PayloadMode.STREAMING_UNSIGNED_TRAILER, bad, DATA.length,
                "x-amz-checksum-crc32");
        assertThrows(S3ErrorStreamException.class, () -> unsigned.readNBytes(DATA.length));
    }

    @Test
    void aSignedTrailerWithAWrongChecksumIsBadDigest() {
        byte[] body = ChunkedBodies.signed(SIGNING, DATA, 32, Map.of("x-amz-checksum-crc32", "AAAAAA=="));
        assertEquals("The CRC32 you specified did not match the calculated checksum.", assertStreamError(
                S3Error.BAD_DIGEST, openChunked(PayloadMode.STREAMING_SIGNED_TRAILER, body, DATA.length,
                        "x-amz-checksum-crc32")).getMessage());
    }

    @Test
    void aTrailerChangedAfterSigningIsSignatureDoesNotMatch() {
        String crc32 = checksum(ChecksumAlgorithm.CRC32, DATA);
        String body = new String(ChunkedBodies.signed(SIGNING, DATA, 32, Map.of("x-amz-checksum-crc32", crc32)),
                StandardCharsets.US_ASCII);
        String tampered = body.replace("x-amz-checksum-crc32:" + crc32, "x-amz-checksum-crc32:AAAAAA==");
        assertStreamError(S3Error.SIGNATURE_DOES_NOT_MATCH, openChunked(PayloadMode.STREAMING_SIGNED_TRAILER,
                text(tampered), DATA.length, "x-amz-checksum-crc32"));
    }

    @Test
    void aSignedTrailerNeedsItsSignature() {
        String crc32 = checksum(ChecksumAlgorithm.CRC32, DATA);
        String body = new String(ChunkedBodies.signed(SIGNING, DATA, 32, Map.of("x-amz-checksum-crc32", crc32)),
                StandardCharsets.US_ASCII).replaceFirst("x-amz-trailer-signature:[0-9a-f]{64}\r\n", "");
        assertStreamError(S3Error.MALFORMED_TRAILER_ERROR, openChunked(PayloadMode.STREAMING_SIGNED_TRAILER, text(body),
                DATA.length, "x-amz-checksum-crc32"));
    }

    @Test
    void theTrailersMustBeTheAnnouncedOnes() {
        byte[] withoutTrailer = ChunkedBodies.signed(SIGNING, DATA, 32, Map.of());
        assertStreamError(S3Error.MALFORMED_TRAILER_ERROR, openChunked(PayloadMode.STREAMING_SIGNED_TRAILER,
                withoutTrailer, DATA.length, "x-amz-checksum-crc32"));
        byte[] otherTrailer = ChunkedBodies.signed(SIGNING, DATA, 32,
                Map.of("x-amz-checksum-sha1", checksum(ChecksumAlgorithm.SHA1, DATA)));
        assertStreamError(S3Error.MALFORMED_TRAILER_ERROR, openChunked(PayloadMode.STREAMING_SIGNED_TRAILER,
                otherTrailer, DATA.length, "x-amz-checksum-crc32"));
    }

    @Test
    void anUnsupportedTrailerIsRefusedBeforeReading() {
        assertEquals("The value specified in the x-amz-trailer header is not supported", assertS3Error(
                S3Error.INVALID_REQUEST, () -> openChunked(PayloadMode.STREAMING_UNSIGNED_TRAILER, new byte[0], 0,
                        "x-amz-checksum-md5")).getMessage());
    }

    // STREAMING-UNSIGNED-PAYLOAD-TRAILER.

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void anUnsignedTrailerIsCheckedForEveryAlgorithm(ChecksumAlgorithm algorithm) throws IOException {
        String value = checksum(algorithm, DATA);
        byte[] body = ChunkedBodies.unsigned(DATA, 10, Map.of(algorithm.headerName(), value));
        try (PayloadStream decoded = openChunked(PayloadMode.STREAMING_UNSIGNED_TRAILER, body, DATA.length,
                algorithm.headerName())) {
            assertArrayEquals(DATA, readByteByByteThenInBulk(decoded));
            assertEquals(Map.of(algorithm.headerName(), value), decoded.trailers());
        }
        byte[] tampered = ChunkedBodies.unsigned(text(new String(DATA, StandardCharsets.US_ASCII).replace("fox", "cat")),
                10, Map.of(algorithm.headerName(), value));
        assertEquals("The " + algorithm.displayName() + " you specified did not match the calculated checksum.",
                assertStreamError(S3Error.BAD_DIGEST, openChunked(PayloadMode.STREAMING_UNSIGNED_TRAILER, tampered,
                        DATA.length, algorithm.headerName())).getMessage());
    }

    @Test
    void aChecksumThatIsNotBase64OfTheRightLengthIsInvalidRequest() {
        for (String value : new String[] {"not base64!", "AAAAAAAA", ""}) {
            byte[] body = ChunkedBodies.unsigned(DATA, 10, Map.of("x-amz-checksum-crc32c", value));
            assertStreamError(S3Error.INVALID_REQUEST, openChunked(PayloadMode.STREAMING_UNSIGNED_TRAILER, body,
                    DATA.length, "x-amz-checksum-crc32c"));
        }
    }

    @Test
    void anUnsignedTrailerMustNotCarryASignature() {
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("x-amz-checksum-crc32", checksum(ChecksumAlgorithm.CRC32, DATA));
        trailers.put("x-amz-trailer-signature", SIGNING.seedSignature());
        byte[] body = ChunkedBodies.unsigned(DATA, 10, trailers);
        assertStreamError(S3Error.MALFORMED_TRAILER_ERROR, openChunked(PayloadMode.STREAMING_UNSIGNED_TRAILER, body,
                DATA.length, "x-amz-checksum-crc32"));
    }

    @Test
    void aTruncatedUnsignedBodyIsIncompleteBody() {
        byte[] body = ChunkedBodies.unsigned(DATA, 10, Map.of("x-amz-checksum-crc32", checksum(ChecksumAlgorithm.CRC32,
                DATA)));
        IntStream.of(0, 1, 5, 20, body.length / 2, body.length - 40).forEach(length -> assertStreamError(
                S3Error.INCOMPLETE_BODY, openChunked(PayloadMode.STREAMING_UNSIGNED_TRAILER, Arrays.copyOf(body, length),
                        DATA.length, "x-amz-checksum-crc32")));
    }

    @Test
    void aHugeUnsignedChunkStreamsThrough() throws IOException {
        byte[] data = new byte[ChunkedPayloadStream.MAX_SIGNED_CHUNK + 10];
        Arrays.fill(data, (byte) 'x');
        byte[] body = ChunkedBodies.unsigned(data, data.length, Map.of("x-amz-checksum-crc32c",
                checksum(ChecksumAlgorithm.CRC32C, data)));
        try (InputStream decoded = openChunked(PayloadMode.STREAMING_UNSIGNED_TRAILER, body, data.length,
                "x-amz-checksum-crc32c")) {
            assertEquals(data.length, decoded.transferTo(OutputStream.nullOutputStream()));
        }
    }

    /** Reads a few bytes singly, then the rest in bulk, exercising both read paths. */
    private static byte[] readByteByByteThenInBulk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            int next = in.read();
            if (next < 0) {
                return out.toByteArray();
            }
            out.write(next);
        }
        out.writeBytes(in.readAllBytes());
        return out.toByteArray();
    }

    private static String checksum(ChecksumAlgorithm algorithm, byte[] data) {
        ChecksumAlgorithm.Running running = algorithm.start();
        running.update(data, 0, data.length);
        return running.finish();
    }

    private static int indexOf(byte[] body, String text) {
        return new String(body, StandardCharsets.US_ASCII).indexOf(text);
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

}
