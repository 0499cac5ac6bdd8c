package io.granary.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PhaseResultTest {
    private static final long[] ONE_TO_HUNDRED = LongStream.rangeClosed(1, 100).toArray();

    @Test
    void percentilesAreNearestRank() {
        assertEquals(1, PhaseResult.percentile(ONE_TO_HUNDRED, 0));
        assertEquals(1, PhaseResult.percentile(ONE_TO_HUNDRED, 1));
        assertEquals(50, PhaseResult.percentile(ONE_TO_HUNDRED, 50));
        assertEquals(51, PhaseResult.percentile(ONE_TO_HUNDRED, 50.5));
        assertEquals(99, PhaseResult.percentile(ONE_TO_HUNDRED, 99));
        assertEquals(100, PhaseResult.percentile(ONE_TO_HUNDRED, 99.9));
        assertEquals(100, PhaseResult.percentile(ONE_TO_HUNDRED, 100));
    }

    @Test
    void percentilesOfFewValues() {
        long[] ten = LongStream.rangeClosed(1, 10).map(v -> v * 10).toArray();
        assertEquals(50, PhaseResult.percentile(ten, 50));
        assertEquals(100, PhaseResult.percentile(ten, 99));
        assertEquals(7, PhaseResult.percentile(new long[] {7}, 50));
        assertEquals(7, PhaseResult.percentile(new long[] {7}, 99));
        assertEquals(3, PhaseResult.percentile(new long[] {3, 9}, 50));
        assertEquals(9, PhaseResult.percentile(new long[] {3, 9}, 51));
    }

    @Test
    void percentileRejectsNoValuesAndOutOfRangePercents() {
        assertThrows(IllegalArgumentException.class, () -> PhaseResult.percentile(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> PhaseResult.percentile(ONE_TO_HUNDRED, -1));
        assertThrows(IllegalArgumentException.class, () -> PhaseResult.percentile(ONE_TO_HUNDRED, 100.5));
        assertThrows(IllegalArgumentException.class, () -> PhaseResult.percentile(ONE_TO_HUNDRED, Double.NaN));
    }

    @Test
    void latenciesAreSortedWhateverTheirOrder() {
        long[] latencies = {5_000_000, 1_000_000, 4_000_000, 2_000_000, 3_000_000};
        PhaseResult result = new PhaseResult("p", 1, 1, latencies, 0);
        assertEquals(3.0, result.percentileMillis(50));
        assertEquals(5.0, result.percentileMillis(99));
        assertEquals(5.0, result.maxMillis());
        assertEquals(3.0, result.meanMillis());
        assertEquals(5_000_000, latencies[0], "the caller's array is not sorted in place");
    }

    @Test
    void throughputIsOperationsAndBytesOverTheWallClock() {
        long[] latencies = new long[1000];
        PhaseResult result = new PhaseResult("p", ByteSize.MIB, 2_000_000_000L, latencies, 500_000_000L);
        assertEquals(1000, result.operations());
        assertEquals(2.0, result.seconds());
        assertEquals(500.0, result.operationsPerSecond());
        assertEquals(500.0, result.mibPerSecond());
        assertEquals(0.5, result.preparationSeconds());
    }

    @Test
    void aPhaseNeedsOperationsAndTime() {
        assertThrows(IllegalArgumentException.class, () -> new PhaseResult("p", 1, 1, new long[0], 0));
        assertThrows(IllegalArgumentException.class, () -> new PhaseResult("p", 1, 0, new long[1], 0));
    }
}
