package io.granary.s3.auth;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The canonical request of SigV4 as S3 computes it.
 *
 * @param method the HTTP method
 * @param uri the canonical URI
 * @param query the canonical query string
 * @param headers the canonical headers, each {@code name:value\n}
 * @param signedHeaders the signed header names joined by {@code ;}
 * @param payloadHash the payload hash line
 */
record CanonicalRequest(String method, String uri, String query, String headers, String signedHeaders,
        String payloadHash) {

    /** The text that is hashed into the string to sign. */
    String text() {
        return method + "\n" + uri + "\n" + query + "\n" + headers + "\n" + signedHeaders + "\n" + payloadHash;
    }

    /** The same request with another canonical URI. */
    CanonicalRequest withUri(String otherUri) {
        return new CanonicalRequest(method, otherUri, query, headers, signedHeaders, payloadHash);
    }

    /**
     * Builds the canonical request of {@code request}.
     *
     * @param signedHeaders the lower-case names the client signed
     * @param payloadHash the last line: the signed payload hash or a literal such as UNSIGNED-PAYLOAD
     * @param excludedParameter true for query parameters that are not signed (a presigned URL's own
     *     signature)
     */
    static CanonicalRequest of(SignedRequest request, List<String> signedHeaders, String payloadHash,
            Predicate<String> excludedParameter) {
        return new CanonicalRequest(request.method(), uri(request.rawPath()),
                query(QueryString.parse(request.rawQuery()), excludedParameter),
                headers(request, signedHeaders), String.join(";", signedHeaders), payloadHash);
    }

    /**
     * The canonical URI: S3 neither normalizes the path ({@code //}, {@code .} and {@code ..} are
     * part of a key) nor double-encodes it. The path is decoded and encoded again the SigV4 way, so
     * that characters a client sent unescaped are counted the way it escaped them when signing:
     * AWS's own PUT example sends {@code /test$file.text} and signs {@code /test%24file.text}.
     * {@code %2F} comes back as {@code /}, as S3 does: the AWS SDK for Java 1.x sends a key's
     * {@code //} as {@code /%2F} but signs {@code //}.
     */
    static String uri(String rawPath) {
        return UriEncoding.encode(UriEncoding.decode(rawPath, false), true);
    }

    /** Parameters sorted by encoded name, then encoded value; each {@code name=value}. */
    static String query(List<QueryString.Parameter> parameters, Predicate<String> excluded) {
        return parameters.stream()
                .filter(parameter -> !excluded.test(parameter.name()))
                .sorted(Comparator.comparing(QueryString.Parameter::canonicalName)
                        .thenComparing(QueryString.Parameter::canonicalValue))
                .map(parameter -> parameter.canonicalName() + "=" + parameter.canonicalValue())
                .collect(Collectors.joining("&"));
    }

    /**
     * One {@code name:value} line per signed header, in the order the client listed them. Values
     * are trimmed with inner whitespace runs collapsed to one space; repeated headers are joined
     * by a comma. A signed header the request lacks contributes no line, as AWS computes it.
     */
    static String headers(SignedRequest request, List<String> signedHeaders) {
        StringBuilder lines = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = request.headerValues(name);
            if (values.isEmpty()) {
                continue;
            }
            lines.append(name).append(':')
                    .append(values.stream().map(CanonicalRequest::trimAll).collect(Collectors.joining(",")))
                    .append('\n');
        }
        return lines.toString();
    }

    private static String trimAll(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }
}
