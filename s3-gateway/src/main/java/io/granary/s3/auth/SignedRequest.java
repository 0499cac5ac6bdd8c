package io.granary.s3.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of an HTTP request that a signature covers, exactly as they arrived.
 *
 * <p>{@code rawPath} and {@code rawQuery} are the request target as sent, still percent-encoded
 * (from {@code URI.getRawPath()} and {@code getRawQuery()}, never a decoded path). Header names are
 * case-insensitive; each header keeps its values separately and in the order received, because
 * the canonical request joins repeated headers with a bare comma, which differs from a server's
 * {@code ", "} merge. The {@code Host} header must be the one the client sent (behind a proxy that
 * rewrites it, pass the original).
 *
 * @param method the HTTP method, such as {@code GET}
 * @param rawPath the path as sent; empty means {@code /}
 * @param rawQuery the query as sent without the {@code ?}; empty if there is none
 * @param headers every header with its values; copied into an immutable case-insensitive map
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {
    public SignedRequest {
        Objects.requireNonNull(method, "method");
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        rawQuery = rawQuery == null ? "" : rawQuery;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.computeIfAbsent(name, ignored -> new ArrayList<>()).addAll(values));
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, if it was sent. */
    public Optional<String> header(String name) {
        List<String> values = headers.getOrDefault(name, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of a header in the order received; empty if it was not sent. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }
}
