package io.granary.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.core.model.ByteRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeHeaderTest {
    @ParameterizedTest(name = "{0} of {1} bytes -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "bytes=0-9       | 100 | 0-9",
        "bytes=10-       | 100 | 10-99",
        "bytes=-10       | 100 | 90-99",
        "bytes=-1000     | 100 | 0-99",
        "bytes=90-1000   | 100 | 90-99",
        "bytes=99-99     | 100 | 99-99",
        "bytes = 5 - 6   | 100 | 5-6",
        "bytes=100-      | 100 | unsatisfiable",
        "bytes=100-200   | 100 | unsatisfiable",
        "bytes=-0        | 100 | unsatisfiable",
        "bytes=0-        | 0   | unsatisfiable",
        "bytes=-5        | 0   | unsatisfiable",
        "bytes=9-3       | 100 | whole",
        "bytes=0-1,5-6   | 100 | whole",
        "items=0-1       | 100 | whole",
        "bytes=-         | 100 | whole",
        "bytes=a-b       | 100 | whole",
        "NULL            | 100 | whole",
        "bytes=99999999999999999999- | 100 | whole",
    })
    void resolves(String header, long size, String expected) {
        RangeHeader.Result result = RangeHeader.resolve(header, size);
        String actual = switch (expected) {
            case "whole" -> result instanceof RangeHeader.Whole ? "whole" : result.toString();
            case "unsatisfiable" -> result instanceof RangeHeader.Unsatisfiable ? "unsatisfiable" : result.toString();
            default -> result instanceof RangeHeader.Partial p ? p.range().first() + "-" + p.range().last() : result.toString();
        };
        assertEquals(expected, actual);
        if (result instanceof RangeHeader.Partial p) {
            assertEquals(new ByteRange(p.range().first(), p.range().last()).length(), p.range().length());
        }
    }
}
