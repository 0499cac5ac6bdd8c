package io.granary.s3.auth;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3ErrorStreamException;
import io.granary.s3.error.S3Exception;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the trailing headers of an aws-chunked body: that they are exactly those announced in
 * {@code x-amz-trailer}, that the trailer signature is right (signed variant only), and that each
 * checksum matches the decoded body.
 */
final class TrailerVerifier {
    static final String SIGNATURE = "x-amz-trailer-signature";

    /** More than enough for the one checksum clients send; bounds what a body can make us hold. */
    static final int MAX_TRAILERS = 16;

    private final ChunkSignatureChain chain;
    private final Map<ChecksumAlgorithm, ChecksumAlgorithm.Running> checksums;

    /**
     * @param chain the chunk signatures, to which the trailer signature is chained; null for an
     *     unsigned body, which must not carry a trailer signature
     * @param checksums the checksums announced in {@code x-amz-trailer}, running over the body
     */
    TrailerVerifier(ChunkSignatureChain chain, Map<ChecksumAlgorithm, ChecksumAlgorithm.Running> checksums) {
        this.chain = chain;
        this.checksums = checksums;
    }

    /** Verifies the trailer lines and returns the trailers by lower-case name, without the signature. */
    Map<String, String> verify(List<String> lines) throws S3ErrorStreamException {
        Map<String, String> trailers = parse(lines);
        String signature = trailers.remove(SIGNATURE);
        if (chain != null) {
            if (signature == null) {
                throw malformed();
            }
            StringBuilder canonical = new StringBuilder();
            trailers.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
            chain.verifyTrailer(signature, Hex.sha256(canonical.toString()));
        } else if (signature != null) {
            throw malformed();
        }
        Set<String> announced = checksums.keySet().stream().map(ChecksumAlgorithm::headerName)
                .collect(Collectors.toSet());
        if (!announced.equals(trailers.keySet())) {
            throw malformed();
        }
        for (Map.Entry<ChecksumAlgorithm, ChecksumAlgorithm.Running> checksum : checksums.entrySet()) {
            verifyChecksum(checksum.getKey(), trailers.get(checksum.getKey().headerName()), checksum.getValue());
        }
        return Collections.unmodifiableMap(trailers);
    }

    private static Map<String, String> parse(List<String> lines) throws S3ErrorStreamException {
        Map<String, String> trailers = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || trailers.put(name, line.substring(colon + 1).strip()) != null) {
                throw malformed();
            }
        }
        return trailers;
    }

    private static void verifyChecksum(ChecksumAlgorithm algorithm, String provided, ChecksumAlgorithm.Running running)
            throws S3ErrorStreamException {
        if (!algorithm.isWellFormed(provided)) {
            throw new S3ErrorStreamException(new S3Exception(S3Error.INVALID_REQUEST,
                    "Value for " + algorithm.headerName() + " trailing header is invalid."));
        }
        String computed = running.finish();
        if (!computed.equals(provided)) {
            throw new S3ErrorStreamException(new S3Exception(S3Error.BAD_DIGEST,
                    "The " + algorithm.displayName() + " you specified did not match the calculated checksum."));
        }
    }

    private static S3ErrorStreamException malformed() {
        return new S3ErrorStreamException(new S3Exception(S3Error.MALFORMED_TRAILER_ERROR));
    }
}
