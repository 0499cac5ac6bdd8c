package io.granary.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FioFiguresTest {
    /** The shape of fio 3.33's --output-format=json, trimmed; a warning line before it as fio prints them. */
    private static final String OUTPUT = """
            fio: some warning fio prints before its JSON
            {
              "fio version" : "fio-3.33",
              "jobs" : [
                {
                  "jobname" : "randread",
                  "error" : 0,
                  "read" : {
                    "io_bytes" : 614400000,
                    "bw_bytes" : 40960000,
                    "iops" : 10000.5,
                    "clat_ns" : {
                      "min" : 1000,
                      "percentile" : {
                        "1.000000" : 500000,
                        "50.000000" : 1500000,
                        "99.000000" : 4250000,
                        "99.900000" : 9000000
                      }
                    }
                  },
                  "write" : {
                    "io_bytes" : 0,
                    "bw_bytes" : 20000000,
                    "iops" : 19.07,
                    "clat_ns" : {
                      "percentile" : {
                        "50.000000" : 800000000,
                        "99.000000" : 900000000
                      }
                    }
                  }
                }
              ]
            }
            """;

    @Test
    void readsTheFiguresOfTheRequestedDirection() {
        FioFigures reads = FioFigures.parse(OUTPUT, true);
        assertEquals(new FioFigures(10000.5, 40960000, 1.5, 4.25), reads);
        assertEquals(40.96, reads.megabytesPerSecond(), 1e-9);

        FioFigures writes = FioFigures.parse(OUTPUT, false);
        assertEquals(new FioFigures(19.07, 20000000, 800, 900), writes);
    }

    @Test
    void refusesOutputWithoutFigures() {
        assertThrows(IllegalArgumentException.class, () -> FioFigures.parse("fio: engine nbd not loadable", true));
        assertThrows(IllegalArgumentException.class, () -> FioFigures.parse("{\"jobs\": []}", true));
        assertThrows(IllegalArgumentException.class, () -> FioFigures.parse("{\"jobs\": [", true));
        String noPercentile = OUTPUT.replace("\"99.000000\" : 4250000,", "");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> FioFigures.parse(noPercentile, true));
        assertTrue(missing.getMessage().contains("read.clat_ns.percentile.99"), missing.getMessage());
    }

    @Test
    void refusesAJobThatFailed() {
        String failed = OUTPUT.replace("\"error\" : 0", "\"error\" : 5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FioFigures.parse(failed, true));
        assertTrue(e.getMessage().contains("error 5"), e.getMessage());
    }
}
