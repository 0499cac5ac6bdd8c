package io.granary.s3.auth;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Wraps a request body in the stream that verifies it the way its signature says. */
public final class PayloadStreams {
    private static final String DECODED_LENGTH = "x-amz-decoded-content-length";
    private static final String TRAILER = "x-amz-trailer";

    private PayloadStreams() {
    }

    /**
     * The body of a verified request, verifying itself as it is read:
     * <ul>
     *   <li>a hex SHA-256 payload hash: the body must hash to it (XAmzContentSHA256Mismatch);
     *   <li>{@code UNSIGNED-PAYLOAD}: passed through;
     *   <li>{@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}: aws-chunked decoded, every chunk signature
     *       checked (SignatureDoesNotMatch), the framing checked (IncompleteBody);
     *   <li>{@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}: the same, then the trailer's
     *       signature and the checksums it carries (MalformedTrailerError, BadDigest);
     *   <li>{@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: aws-chunked decoded, then the checksums.
     * </ul>
     * For aws-chunked bodies the decoded length must equal {@code x-amz-decoded-content-length}; the
     * caller still owns {@code Content-Encoding: aws-chunked} (not part of the object's encoding).
     *
     * @param authentication what {@link SignatureV4Verifier#verify} or {@link SignatureV2Verifier#verify}
     *     returned for this request (a Signature Version 2 body is {@code UNSIGNED-PAYLOAD}: passed through)
     * @param request the same request, for {@code x-amz-decoded-content-length} and
     *     {@code x-amz-trailer}
     * @param body the raw body; closed when the returned stream is
     * @throws S3Exception before anything is read, for headers the body cannot be decoded without:
     *     MissingContentLength without {@code x-amz-decoded-content-length}, InvalidRequest for a
     *     trailer that is not a checksum S3 knows
     */
    public static PayloadStream open(Authentication authentication, SignedRequest request, InputStream body) {
        PayloadMode mode = authentication.payloadMode();
        return switch (mode) {
            case SIGNED_PAYLOAD -> new SignedPayloadStream(body, authentication.contentSha256(), contentLength(request));
            case UNSIGNED_PAYLOAD -> new UnsignedPayloadStream(body);
            case STREAMING_SIGNED -> new ChunkedPayloadStream(body, new ChunkSignatureChain(authentication.signing()),
                    false, List.of(), decodedLength(request));
            case STREAMING_SIGNED_TRAILER -> new ChunkedPayloadStream(body,
                    new ChunkSignatureChain(authentication.signing()), true, announcedChecksums(request),
                    decodedLength(request));
            case STREAMING_UNSIGNED_TRAILER -> new ChunkedPayloadStream(body, null, true, announcedChecksums(request),
                    decodedLength(request));
        };
    }

    /** The {@code Content-Length}, if sent and valid (the HTTP server enforces it either way). */
    private static OptionalLong contentLength(SignedRequest request) {
        try {
            return request.header("Content-Length").map(value -> OptionalLong.of(Long.parseLong(value.strip())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static long decodedLength(SignedRequest request) {
        String value = request.header(DECODED_LENGTH).map(String::strip)
                .orElseThrow(() -> new S3Exception(S3Error.MISSING_CONTENT_LENGTH));
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // Reported below, like a negative length.
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid value for " + DECODED_LENGTH)
                .with("ArgumentName", DECODED_LENGTH)
                .with("ArgumentValue", value);
    }

    /** The checksums {@code x-amz-trailer} announces; a trailer we cannot verify is refused up front. */
    private static List<ChecksumAlgorithm> announcedChecksums(SignedRequest request) {
        List<ChecksumAlgorithm> algorithms = new ArrayList<>();
        for (String value : request.headerValues(TRAILER)) {
            for (String name : value.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                ChecksumAlgorithm algorithm = ChecksumAlgorithm.forHeader(name).orElseThrow(() -> new S3Exception(
                        S3Error.INVALID_REQUEST, "The value specified in the x-amz-trailer header is not supported"));
                if (!algorithms.contains(algorithm)) {
                    algorithms.add(algorithm);
                }
            }
        }
        return algorithms;
    }
}
