package io.granary.s3.resource;

import io.granary.core.checksum.ChecksumAlgorithm;
import io.granary.core.checksum.ObjectChecksum;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The additional checksum a request body comes with, and how it came.
 *
 * @param value the base64 value the client declared in an {@code x-amz-checksum-*} header, or
 *     {@code null} when it comes as a trailer (the body's verifying stream checks it) or only its
 *     algorithm was named
 */
record RequestedChecksum(ChecksumAlgorithm algorithm, String value, Source source) {
    /** Where the checksum was declared. */
    enum Source {
        /** An {@code x-amz-checksum-<algorithm>} header carries the value. */
        HEADER,
        /** The trailer of an aws-chunked body carries it, announced in {@code x-amz-trailer}. */
        TRAILER,
        /** Only {@code x-amz-sdk-checksum-algorithm} or {@code x-amz-checksum-algorithm} names it. */
        ALGORITHM
    }

    static final String CHECKSUM_MODE = "x-amz-checksum-mode";
    private static final String TYPE_HEADER = "x-amz-checksum-type";

    /**
     * The checksum the request declares, or null for none.
     *
     * @throws S3Exception InvalidRequest for several checksums, a malformed value, or an algorithm
     *     S3 does not know
     */
    static RequestedChecksum of(S3Call call) {
        List<ChecksumAlgorithm> inHeaders = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : call.headers().entrySet()) {
            ChecksumAlgorithm.forHeader(header.getKey()).ifPresent(inHeaders::add);
        }
        List<ChecksumAlgorithm> inTrailer = trailerAlgorithms(call.header("x-amz-trailer"));
        if (inHeaders.size() + inTrailer.size() > 1) {
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        ChecksumAlgorithm named = namedAlgorithm(call);
        RequestedChecksum requested = null;
        if (!inHeaders.isEmpty()) {
            ChecksumAlgorithm algorithm = inHeaders.get(0);
            String value = call.header(algorithm.headerName()).strip();
            if (!algorithm.isWellFormed(value)) {
                throw new S3Exception(S3Error.INVALID_REQUEST,
                        "Value for " + algorithm.headerName() + " header is invalid.");
            }
            requested = new RequestedChecksum(algorithm, value, Source.HEADER);
        } else if (!inTrailer.isEmpty()) {
            requested = new RequestedChecksum(inTrailer.get(0), null, Source.TRAILER);
        } else if (named != null) {
            return new RequestedChecksum(named, null, Source.ALGORITHM);
        }
        if (requested != null && named != null && named != requested.algorithm()) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Value for x-amz-sdk-checksum-algorithm header is invalid.");
        }
        return requested;
    }

    /** Whether the body's integrity is checked by the declared value (in a header or a trailer). */
    boolean verifiesBody() {
        return source != Source.ALGORITHM;
    }

    /** The checksum a response names in {@code x-amz-checksum-<algorithm>} and {@code x-amz-checksum-type}. */
    static void addTo(Response.ResponseBuilder response, ObjectChecksum checksum) {
        if (checksum != null) {
            response.header(checksum.algorithm().headerName(), checksum.value())
                    .header(TYPE_HEADER, checksum.type().name());
        }
    }

    /** Whether the client asked for the stored checksum in a GET or HEAD response. */
    static boolean modeEnabled(S3Call call) {
        String mode = call.header(CHECKSUM_MODE);
        return mode != null && mode.strip().toUpperCase(Locale.ROOT).equals("ENABLED");
    }

    private static ChecksumAlgorithm namedAlgorithm(S3Call call) {
        String name = call.header("x-amz-sdk-checksum-algorithm");
        if (name == null) {
            name = call.header("x-amz-checksum-algorithm");
        }
        if (name == null) {
            return null;
        }
        String given = name;
        return ChecksumAlgorithm.forName(given).orElseThrow(() -> new S3Exception(S3Error.INVALID_REQUEST,
                "Checksum algorithm provided is unsupported. Please try again with any of the valid types: "
                        + "[CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"));
    }

    /** The checksums {@code x-amz-trailer} names (other trailers are the verifying stream's business). */
    private static List<ChecksumAlgorithm> trailerAlgorithms(String trailer) {
        List<ChecksumAlgorithm> algorithms = new ArrayList<>();
        if (trailer != null) {
            for (String name : trailer.split(",")) {
                ChecksumAlgorithm.forHeader(name).filter(a -> !algorithms.contains(a)).ifPresent(algorithms::add);
            }
        }
        return algorithms;
    }
}
