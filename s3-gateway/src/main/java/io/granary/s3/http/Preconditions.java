package io.granary.s3.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The conditional request headers of a GET or HEAD, evaluated in RFC 7232's order: If-Match, then
 * If-Unmodified-Since (only without If-Match), then If-None-Match, then If-Modified-Since (only
 * without If-None-Match). Dates compare at one-second resolution, since HTTP dates have no more.
 */
public final class Preconditions {
    /** What the conditions decide. */
    public enum Outcome {
        PROCEED,
        /** 304 Not Modified. */
        NOT_MODIFIED,
        /** 412 Precondition Failed. */
        FAILED
    }

    /** The decision and, when it failed, the header that failed (S3 names it in the error). */
    public record Decision(Outcome outcome, String failedCondition) {
    }

    private Preconditions() {
    }

    public static Decision evaluate(String etag, Instant lastModified, String ifMatch, String ifNoneMatch,
            String ifModifiedSince, String ifUnmodifiedSince) {
        Instant modified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        if (ifMatch != null) {
            if (!matches(ifMatch, etag)) {
                return new Decision(Outcome.FAILED, "If-Match");
            }
        } else if (ifUnmodifiedSince != null) {
            Optional<Instant> since = HttpDates.parse(ifUnmodifiedSince);
            if (since.isPresent() && modified.isAfter(since.get())) {
                return new Decision(Outcome.FAILED, "If-Unmodified-Since");
            }
        }
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, etag)) {
                return new Decision(Outcome.NOT_MODIFIED, "If-None-Match");
            }
        } else if (ifModifiedSince != null) {
            Optional<Instant> since = HttpDates.parse(ifModifiedSince);
            if (since.isPresent() && !modified.isAfter(since.get())) {
                return new Decision(Outcome.NOT_MODIFIED, "If-Modified-Since");
            }
        }
        return new Decision(Outcome.PROCEED, null);
    }

    /** Whether a list of entity tags (or {@code *}) names {@code etag}; quotes and W/ are ignored. */
    static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
                tag = tag.substring(1, tag.length() - 1);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
