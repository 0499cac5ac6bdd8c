package io.granary.s3.auth;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The string a Signature Version 2 request signs, as the S3 developer guide's "Signing and
 * authenticating REST requests" defines it:
 *
 * <pre>
 * VERB \n Content-MD5 \n Content-Type \n Date-or-Expires \n CanonicalizedAmzHeaders CanonicalizedResource
 * </pre>
 *
 * <ul>
 *   <li>CanonicalizedAmzHeaders: every {@code x-amz-*} header, named in lower case, sorted by name,
 *       its values trimmed and joined with a bare comma, one {@code name:value\n} line each.
 *   <li>CanonicalizedResource: {@code /bucket} when the bucket came from the Host header, then the
 *       path exactly as sent (still percent-encoded, as AWS, the SDK for Java v1's {@code S3Signer}
 *       and s3cmd sign it), then the signed sub-resources sorted by name, with their decoded values:
 *       {@code ?acl}, {@code ?partNumber=1&uploadId=…}, {@code ?response-content-type=text/plain}.
 *       Other query parameters ({@code prefix}, {@code marker}…) are not signed.
 * </ul>
 *
 * <p>Pure functions over a {@link SignedRequest}; thread-safe.
 */
final class V2StringToSign {
    /**
     * The query parameters Signature Version 2 signs: the developer guide's list, plus the ones AWS's
     * own V2 signers add (botocore's {@code HmacV1Auth.QSAOfInterest}, which contains every name in
     * the SDK for Java v1's {@code RestUtils.SIGNED_PARAMETERS} and in s3cmd's
     * {@code SUBRESOURCES_TO_INCLUDE}).
     */
    static final Set<String> SIGNED_SUBRESOURCES = Set.of(
            "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory", "lifecycle",
            "location", "logging", "metrics", "notification", "object-lock", "partNumber", "policy", "replication",
            "requestPayment", "response-cache-control", "response-content-disposition", "response-content-encoding",
            "response-content-language", "response-content-type", "response-expires", "restore", "select",
            "select-type", "storageClass", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning",
            "versions", "website");

    /**
     * Query parameters that select another S3 operation but that no Signature Version 2 client
     * signs. A request carrying one is refused: otherwise the parameter could be added to a captured
     * request without breaking its signature, turning it into a different operation.
     */
    static final Set<String> UNSIGNED_OPERATION_PARAMETERS = Set.of(
            "attributes", "encryption", "intelligent-tiering", "legal-hold", "ownershipControls", "policyStatus",
            "publicAccessBlock", "retention");

    private static final String AMZ_PREFIX = "x-amz-";
    private static final String AMZ_DATE = "x-amz-date";

    private V2StringToSign() {
    }

    /**
     * The string to sign of a request authenticated by its {@code Authorization} header. When
     * {@code x-amz-date} is present the Date line is empty and {@code x-amz-date} is signed among the
     * {@code x-amz-*} headers, as the developer guide's "Time stamp requirement" says and as the SDK
     * for Java v1, botocore and s3cmd sign it.
     *
     * @param bucketFromHost the bucket named by the Host header of a virtual-hosted-style request;
     *     null for path style
     */
    static String forHeader(SignedRequest request, String bucketFromHost) {
        SortedMap<String, String> amzHeaders = amzHeaders(request, List.of());
        String date = amzHeaders.containsKey(AMZ_DATE) ? "" : first(request, "Date");
        return build(request, first(request, "Content-MD5"), first(request, "Content-Type"), date, amzHeaders,
                bucketFromHost);
    }

    /**
     * The other reading of a request dated by {@code x-amz-date}, the one the developer guide's
     * "Delete" example signs: the {@code x-amz-date} value in the Date line and not among the
     * {@code x-amz-*} headers. It covers the same parts of the request as {@link #forHeader}, so
     * accepting it lets no signature stand for another request. Null if there is no
     * {@code x-amz-date}.
     */
    static String forHeaderWithAmzDateAsDate(SignedRequest request, String bucketFromHost) {
        SortedMap<String, String> amzHeaders = amzHeaders(request, List.of());
        String amzDate = amzHeaders.remove(AMZ_DATE);
        if (amzDate == null) {
            return null;
        }
        return build(request, first(request, "Content-MD5"), first(request, "Content-Type"), amzDate, amzHeaders,
                bucketFromHost);
    }

    /**
     * The string to sign of a presigned URL: {@code Expires} in the Date line. A presigned URL may
     * carry its {@code x-amz-*} headers, {@code Content-MD5} and {@code Content-Type} as query
     * parameters (botocore moves them there; the SDK for Java v1 signs {@code x-amz-*} parameters as
     * headers); they are signed as if they were headers.
     *
     * @param expires the {@code Expires} parameter as sent (decoded)
     */
    static String forQuery(SignedRequest request, String bucketFromHost, String expires) {
        List<QueryString.Parameter> parameters = QueryString.parse(request.rawQuery());
        String contentMd5 = headerOrParameter(request, parameters, "Content-MD5");
        String contentType = headerOrParameter(request, parameters, "Content-Type");
        return build(request, contentMd5, contentType, expires, amzHeaders(request, parameters), bucketFromHost);
    }

    /**
     * {@code [/bucket] + raw path + [?signed sub-resources]}.
     *
     * @throws S3Exception InvalidRequest if the query names an operation that Signature Version 2
     *     does not sign
     */
    static String canonicalizedResource(SignedRequest request, String bucketFromHost) {
        StringBuilder resource = new StringBuilder();
        if (bucketFromHost != null) {
            resource.append('/').append(bucketFromHost);
        }
        resource.append(request.rawPath());
        List<String[]> subresources = new ArrayList<>();
        for (String segment : request.rawQuery().split("&", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            int equals = segment.indexOf('=');
            String name = decode(equals < 0 ? segment : segment.substring(0, equals));
            if (UNSIGNED_OPERATION_PARAMETERS.contains(name)) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "The " + name + " sub-resource is not covered by "
                        + "Signature Version 2; please sign this request with AWS4-HMAC-SHA256.");
            }
            if (SIGNED_SUBRESOURCES.contains(name)) {
                // A parameter sent without "=" is signed as its bare name; one sent with it, as name=value.
                subresources.add(new String[] {name, equals < 0 ? null : decode(segment.substring(equals + 1))});
            }
        }
        subresources.sort(Comparator.comparing(subresource -> subresource[0]));
        char separator = '?';
        for (String[] subresource : subresources) {
            resource.append(separator).append(subresource[0]);
            if (subresource[1] != null) {
                resource.append('=').append(subresource[1]);
            }
            separator = '&';
        }
        return resource.toString();
    }

    private static String build(SignedRequest request, String contentMd5, String contentType, String date,
            SortedMap<String, String> amzHeaders, String bucketFromHost) {
        StringBuilder text = new StringBuilder(256);
        text.append(request.method()).append('\n')
                .append(contentMd5).append('\n')
                .append(contentType).append('\n')
                .append(date).append('\n');
        amzHeaders.forEach((name, value) -> text.append(name).append(':').append(value).append('\n'));
        return text.append(canonicalizedResource(request, bucketFromHost)).toString();
    }

    /**
     * The {@code x-amz-*} headers by lower-case name in sorted order, each with its values unfolded,
     * trimmed and joined with a comma; then the {@code x-amz-*} query parameters given, likewise.
     */
    private static SortedMap<String, String> amzHeaders(SignedRequest request, List<QueryString.Parameter> parameters) {
        SortedMap<String, List<String>> values = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(AMZ_PREFIX)) {
                values.computeIfAbsent(name, ignored -> new ArrayList<>()).addAll(header.getValue());
            }
        }
        for (QueryString.Parameter parameter : parameters) {
            String name = parameter.name().toLowerCase(Locale.ROOT);
            if (name.startsWith(AMZ_PREFIX)) {
                values.computeIfAbsent(name, ignored -> new ArrayList<>()).add(parameter.value());
            }
        }
        SortedMap<String, String> joined = new TreeMap<>();
        values.forEach((name, list) -> joined.put(name,
                String.join(",", list.stream().map(V2StringToSign::unfold).toList())));
        return joined;
    }

    /** A header value with folded lines joined by one space and the whitespace around it removed. */
    private static String unfold(String value) {
        return value.strip().replaceAll("\\s*\\r?\\n\\s*", " ");
    }

    private static String first(SignedRequest request, String name) {
        return request.header(name).map(String::strip).orElse("");
    }

    private static String headerOrParameter(SignedRequest request, List<QueryString.Parameter> parameters,
            String name) {
        if (request.header(name).isPresent()) {
            return first(request, name);
        }
        return parameters.stream().filter(parameter -> parameter.name().equalsIgnoreCase(name))
                .map(parameter -> parameter.value().strip()).findFirst().orElse("");
    }

    private static String decode(String raw) {
        return new String(UriEncoding.decode(raw, true), StandardCharsets.UTF_8);
    }
}
