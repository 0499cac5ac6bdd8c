package io.granary.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
    private static BenchmarkOptions parse(String... args) {
        return BenchmarkOptions.parse(args);
    }

    @Test
    void defaults() {
        BenchmarkOptions options = parse();
        assertEquals(1000, options.objects());
        assertEquals(64 * 1024, options.size());
        assertEquals(8, options.threads());
        assertEquals(100, options.warmup());
        assertEquals(1, options.seed());
        assertNull(options.data());
        assertNull(options.external());
        assertEquals("./scripts/benchmark --objects 1000 --size 64k --threads 8 --warmup 100 --seed 1",
                options.reproduceCommand());
    }

    @Test
    void optionsWithSpaceOrEquals() {
        BenchmarkOptions options = parse("--objects", "2000", "--size=4k", "--threads", "4", "--seed", "-3");
        assertEquals(2000, options.objects());
        assertEquals(4096, options.size());
        assertEquals(4, options.threads());
        assertEquals(200, options.warmup());
        assertEquals(-3, options.seed());
        assertEquals("./scripts/benchmark --objects 2000 --size 4k --threads 4 --warmup 200 --seed -3",
                options.reproduceCommand());
    }

    @Test
    void warmupIsATenthOfTheObjectsAtLeastTwoPerThreadAtMostAllUnlessGiven() {
        assertEquals(200, BenchmarkOptions.defaultWarmup(2000, 8));
        assertEquals(10, BenchmarkOptions.defaultWarmup(100, 4));
        assertEquals(16, BenchmarkOptions.defaultWarmup(100, 8));
        assertEquals(5, BenchmarkOptions.defaultWarmup(5, 8));
        assertEquals(5, parse("--objects", "5").warmup());
        assertEquals(0, parse("--warmup", "0").warmup());
    }

    @Test
    void helpIsNull() {
        assertNull(parse("--objects", "5", "--help"));
    }

    @Test
    void wrongCommandLines() {
        for (String[] args : new String[][] {
                {"--objects"}, {"--objects", "0"}, {"--objects", "many"}, {"--size", "0"}, {"--size", "2g"},
                {"--size", "lots"}, {"--threads", "0"}, {"--warmup", "-1"}, {"--seed", "x"}, {"--colour", "red"},
                {"objects"}, {"--objects", "1", "--objects", "2"}, {"--threads", "64", "--size", "16m"},
                {"--endpoint", "http://127.0.0.1:9000"},
                {"--endpoint", "127.0.0.1:9000", "--access-key", "a", "--secret-key", "s", "--hdfs", "hdfs://h:1"},
                {"--endpoint", "http://h:1", "--access-key", "a", "--secret-key", "s", "--hdfs", "file:///tmp"}}) {
            assertThrows(BenchmarkOptions.UsageException.class, () -> BenchmarkOptions.parse(args), String.join(" ", args));
        }
    }

    @Test
    void aRunningCloudNeedsAllFourOptions() {
        BenchmarkOptions.UsageException missing = assertThrows(BenchmarkOptions.UsageException.class,
                () -> parse("--endpoint", "http://127.0.0.1:9000", "--access-key", "GK1"));
        assertTrue(missing.getMessage().endsWith("missing --secret-key, --hdfs"), missing.getMessage());

        BenchmarkOptions options = parse("--endpoint", "http://127.0.0.1:9000", "--access-key", "GK1",
                "--secret-key", "very-secret", "--hdfs", "hdfs://127.0.0.1:8020");
        assertEquals(URI.create("http://127.0.0.1:9000"), options.external().endpoint());
        assertEquals(URI.create("hdfs://127.0.0.1:8020"), options.external().hdfs());
        assertEquals("very-secret", options.external().secretKey());
        assertFalse(options.reproduceCommand().contains("very-secret"), options.reproduceCommand());
        assertFalse(options.external().toString().contains("very-secret"));
        assertTrue(options.reproduceCommand().endsWith("--endpoint http://127.0.0.1:9000 --access-key GK1"
                + " --secret-key '<secret key>' --hdfs hdfs://127.0.0.1:8020"), options.reproduceCommand());
    }
}
