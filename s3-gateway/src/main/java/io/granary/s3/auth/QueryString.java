package io.granary.s3.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parameters of a raw query string, each decoded and re-encoded the SigV4 way.
 *
 * <p>Decoding first and then encoding makes the canonical form independent of how the client
 * escaped its query ({@code ~} or {@code %7E}, {@code %2f} or {@code %2F}). A {@code +} is taken as a
 * space, as in form encoding and as Jersey reads query parameters, so the signature covers the
 * same value the gateway acts on; SDKs always send a plus as {@code %2B}.
 */
final class QueryString {
    private QueryString() {
    }

    /**
     * One parameter. A parameter sent without {@code =} has an empty value.
     *
     * @param name the decoded name
     * @param value the decoded value
     * @param canonicalName the name URI-encoded for the canonical query string
     * @param canonicalValue the value URI-encoded for the canonical query string
     */
    record Parameter(String name, String value, String canonicalName, String canonicalValue) {
    }

    /** The parameters in the order sent; empty segments ({@code a=1&&b=2}) are skipped. */
    static List<Parameter> parse(String rawQuery) {
        List<Parameter> parameters = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String segment : rawQuery.split("&", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            int equals = segment.indexOf('=');
            String rawName = equals < 0 ? segment : segment.substring(0, equals);
            String rawValue = equals < 0 ? "" : segment.substring(equals + 1);
            byte[] name = UriEncoding.decode(rawName, true);
            byte[] value = UriEncoding.decode(rawValue, true);
            parameters.add(new Parameter(new String(name, StandardCharsets.UTF_8),
                    new String(value, StandardCharsets.UTF_8),
                    UriEncoding.encode(name, false), UriEncoding.encode(value, false)));
        }
        return parameters;
    }

    /** The value of the only parameter called {@code name}; empty if absent. */
    static Optional<String> single(List<Parameter> parameters, String name) {
        return parameters.stream().filter(parameter -> parameter.name().equals(name)).map(Parameter::value).findFirst();
    }
}
