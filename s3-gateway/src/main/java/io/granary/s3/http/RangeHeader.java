package io.granary.s3.http;

import io.granary.core.model.ByteRange;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3's reading of the Range header: one range of bytes, in the normal ({@code bytes=a-b}), open
 * ({@code bytes=a-}) or suffix ({@code bytes=-n}) form. A header that is not one well-formed byte
 * range is ignored (the whole object is returned), as S3 does; a well-formed range that lies
 * beyond the object is unsatisfiable (416).
 */
public final class RangeHeader {
    private static final Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    /** The outcome of applying a Range header to an object of a given size. */
    public sealed interface Result {
    }

    /** No usable Range header: send the whole object with 200. */
    public record Whole() implements Result {
    }

    /** Send these bytes with 206. */
    public record Partial(ByteRange range) implements Result {
    }

    /** The range cannot be satisfied: 416 InvalidRange. */
    public record Unsatisfiable() implements Result {
    }

    private RangeHeader() {
    }

    public static Result resolve(String header, long size) {
        Optional<long[]> parsed = parse(header);
        if (parsed.isEmpty()) {
            return new Whole();
        }
        long first = parsed.get()[0];
        long last = parsed.get()[1];
        if (first < 0) {
            // Suffix form: the last n bytes.
            long n = last;
            if (n == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Partial(new ByteRange(Math.max(0, size - n), size - 1));
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        return new Partial(new ByteRange(first, last < 0 ? size - 1 : Math.min(last, size - 1)));
    }

    /**
     * {first, last}: first = -1 for the suffix form (last then holds the suffix length),
     * last = -1 for the open form; empty if the header is absent or malformed.
     */
    static Optional<long[]> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                return Optional.of(new long[] {-1, Long.parseLong(m.group(2))});
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? -1 : Long.parseLong(m.group(2));
            if (last >= 0 && last < first) {
                return Optional.empty();
            }
            return Optional.of(new long[] {first, last});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
