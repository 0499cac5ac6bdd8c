package io.granary.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.s3.http.Preconditions.Outcome;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreconditionsTest {
    private static final String ETAG = "abc123";
    /** Last-Modified: Sat, 21 Nov 2026 10:00:00.700 GMT, compared at whole seconds. */
    private static final Instant MODIFIED = Instant.parse("2026-11-21T10:00:00.700Z");
    private static final String BEFORE = "Sat, 21 Nov 2026 09:59:59 GMT";
    private static final String SAME = "Sat, 21 Nov 2026 10:00:00 GMT";
    private static final String AFTER = "Sat, 21 Nov 2026 10:00:01 GMT";

    @ParameterizedTest(name = "[{index}] if-match={0} if-none-match={1} ims={2} ius={3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL           | NULL      | NULL   | NULL   | PROCEED",
        "\"abc123\"     | NULL      | NULL   | NULL   | PROCEED",
        "abc123         | NULL      | NULL   | NULL   | PROCEED",
        "*              | NULL      | NULL   | NULL   | PROCEED",
        "\"x\", \"abc123\" | NULL   | NULL   | NULL   | PROCEED",
        "\"other\"      | NULL      | NULL   | NULL   | FAILED",
        "NULL           | \"abc123\"| NULL   | NULL   | NOT_MODIFIED",
        "NULL           | *         | NULL   | NULL   | NOT_MODIFIED",
        "NULL           | \"other\" | NULL   | NULL   | PROCEED",
        "NULL           | NULL      | SAME   | NULL   | NOT_MODIFIED",
        "NULL           | NULL      | AFTER  | NULL   | NOT_MODIFIED",
        "NULL           | NULL      | BEFORE | NULL   | PROCEED",
        "NULL           | NULL      | NULL   | BEFORE | FAILED",
        "NULL           | NULL      | NULL   | SAME   | PROCEED",
        "\"abc123\"     | NULL      | NULL   | BEFORE | PROCEED",
        "NULL           | \"other\" | SAME   | NULL   | PROCEED",
        "\"other\"      | \"abc123\"| NULL   | NULL   | FAILED",
        "NULL           | NULL      | garbage| NULL   | PROCEED",
    })
    void decides(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince, Outcome expected) {
        Preconditions.Decision decision = Preconditions.evaluate(ETAG, MODIFIED, ifMatch, ifNoneMatch,
                date(ifModifiedSince), date(ifUnmodifiedSince));
        assertEquals(expected, decision.outcome());
    }

    private static String date(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "BEFORE" -> BEFORE;
            case "SAME" -> SAME;
            case "AFTER" -> AFTER;
            default -> name;
        };
    }
}
