package io.granary.s3.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** Encodes aws-chunked bodies as clients do, for the payload stream tests. */
final class ChunkedBodies {
    private ChunkedBodies() {
    }

    /**
     * A {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]} body: {@code data} in chunks of
     * {@code chunkSize}, each signed in a chain from the context's seed; then, if {@code trailers}
     * is not null, those trailers and their signature.
     */
    static byte[] signed(SigningContext signing, byte[] data, int chunkSize, Map<String, String> trailers) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String previous = signing.seedSignature();
        for (int offset = 0; offset < data.length; offset += chunkSize) {
            byte[] chunk = Arrays.copyOfRange(data, offset, Math.min(data.length, offset + chunkSize));
            previous = chunkSignature(signing, previous, chunk);
            write(body, Integer.toHexString(chunk.length) + ";chunk-signature=" + previous + "\r\n");
            body.writeBytes(chunk);
            write(body, "\r\n");
        }
        previous = chunkSignature(signing, previous, new byte[0]);
        write(body, "0;chunk-signature=" + previous + "\r\n");
        if (trailers == null) {
            write(body, "\r\n");
            return body.toByteArray();
        }
        StringBuilder canonical = new StringBuilder();
        trailers.forEach((name, value) -> {
            write(body, name + ":" + value + "\r\n");
            canonical.append(name).append(':').append(value).append('\n');
        });
        String signature = signing.key().sign(StringToSign.forTrailer(signing.timestamp(), signing.scope(), previous,
                Hex.sha256(canonical.toString())));
        write(body, "x-amz-trailer-signature:" + signature + "\r\n\r\n");
        return body.toByteArray();
    }

    static String chunkSignature(SigningContext signing, String previous, byte[] chunk) {
        return signing.key().sign(StringToSign.forChunk(signing.timestamp(), signing.scope(), previous,
                Hex.sha256(chunk, 0, chunk.length)));
    }

    /** A {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER} body: plain chunks, then the trailers. */
    static byte[] unsigned(byte[] data, int chunkSize, Map<String, String> trailers) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int offset = 0; offset < data.length; offset += chunkSize) {
            int length = Math.min(chunkSize, data.length - offset);
            write(body, Integer.toHexString(length) + "\r\n");
            body.write(data, offset, length);
            write(body, "\r\n");
        }
        write(body, "0\r\n");
        trailers.forEach((name, value) -> write(body, name + ":" + value + "\r\n"));
        write(body, "\r\n");
        return body.toByteArray();
    }

    private static void write(ByteArrayOutputStream body, String text) {
        body.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
