package io.granary.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "4096, 4096",
        "4k, 4096",
        "4K, 4096",
        "64k, 65536",
        "8m, 8388608",
        "8M, 8388608",
        "1g, 1073741824",
        "' 64k ', 65536",
        "1000k, 1024000",
    })
    void parsesBytesAndPowerOf1024Suffixes(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "k", "-1", "+4k", "1.5m", "12x", "4kb", "4 k", "0x10", "99999999999g",
            "99999999999999999999"})
    void rejectsAnythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0 B",
        "1000, 1000 B",
        "4096, 4 KiB",
        "1536, 1536 B",
        "8388608, 8 MiB",
        "1572864, 1536 KiB",
        "2147483648, 2 GiB",
    })
    void formatsInTheLargestWholeUnit(long bytes, String text) {
        assertEquals(text, ByteSize.format(bytes));
    }
}
