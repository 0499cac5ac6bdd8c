package io.granary.s3.auth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The timestamp forms of SigV4: ISO 8601 basic ({@code 20130524T000000Z}) and the HTTP date. */
final class AmzDates {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    private AmzDates() {
    }

    /** Parses {@code yyyyMMdd'T'HHmmss'Z'}; empty if it is anything else. */
    static Optional<Instant> parseBasic(String text) {
        try {
            return Optional.of(Instant.from(BASIC.parse(text.strip())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Parses an RFC 1123 HTTP date, the form of the {@code Date} header. */
    static Optional<Instant> parseHttpDate(String text) {
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.strip())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String formatBasic(Instant instant) {
        return BASIC.format(instant);
    }

    /** The form AWS uses for times in error details, such as {@code 2013-05-24T00:00:00Z}. */
    static String formatDetail(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
