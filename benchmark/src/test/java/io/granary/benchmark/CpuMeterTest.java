package io.granary.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuMeterTest {
    private static final long TICK = CpuMeter.NANOS_PER_TICK;

    @Test
    void machineLineSplitsBusyInterruptsStealAndIowait() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuMeter.MachineTimes times = CpuMeter.parseCpuLine("cpu  100 2 30 5000 40 5 6 7 50 0");
        assertEquals(new CpuMeter.MachineTimes(132 * TICK, 11 * TICK, 7 * TICK, 40 * TICK), times);
    }

    @Test
    void olderKernelsWithoutSteal() {
        assertEquals(new CpuMeter.MachineTimes(6 * TICK, 13 * TICK, 0, 5 * TICK),
                CpuMeter.parseCpuLine("cpu 1 2 3 4 5 6 7"));
    }

    @Test
    void rejectsOtherLines() {
        assertThrows(IllegalArgumentException.class, () -> CpuMeter.parseCpuLine("cpu0 1 2 3 4 5 6 7 8"));
        assertThrows(IllegalArgumentException.class, () -> CpuMeter.parseCpuLine("cpu 1 2 3"));
        assertThrows(IllegalArgumentException.class, () -> CpuMeter.parseCpuLine("cpu a b c d e f g h"));
    }

    @Test
    void processStatCountsFieldsAfterTheCommandName() {
        CpuMeter.ProcessTime java = CpuMeter.parseProcessStat("4242 (my (odd) java) S 1 4242 4242 0 -1 4194560"
                + " 1000 0 0 0 250 50 0 0 20 0 40 0 123456 4000000000 50000 18446744073709551615 1 1 0 0 0 0 0");
        assertEquals(new CpuMeter.ProcessTime(123456, 300, false), java);
        CpuMeter.ProcessTime kworker = CpuMeter.parseProcessStat("77 (kworker/1:0H-kblockd) I 2 0 0 0 -1 69238880"
                + " 0 0 0 0 3 9 0 0 0 -20 1 0 31 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1");
        assertEquals(new CpuMeter.ProcessTime(31, 12, true), kworker);
        assertThrows(IllegalArgumentException.class, () -> CpuMeter.parseProcessStat("no parenthesis"));
        assertThrows(IllegalArgumentException.class, () -> CpuMeter.parseProcessStat("1 (short) S 0 0"));
    }

    @Test
    void spentIsTheDifferenceProcessByProcess() {
        CpuMeter.Sample before = new CpuMeter.Sample(1_000_000_000L, 0,
                new CpuMeter.MachineTimes(2_000_000_000L, 0, 0, 0),
                Map.of(10L, new CpuMeter.ProcessTime(5, 100, false),
                        11L, new CpuMeter.ProcessTime(5, 100, true),
                        12L, new CpuMeter.ProcessTime(5, 100, false)));
        CpuMeter.Sample after = new CpuMeter.Sample(3_000_000_000L, 500_000_000L,
                new CpuMeter.MachineTimes(5_000_000_000L, 100_000_000L, 20_000_000L, 100_000_000L),
                Map.of(10L, new CpuMeter.ProcessTime(5, 130, false),
                        11L, new CpuMeter.ProcessTime(5, 110, true),
                        // pid 12 ended and its number was reused: the new process counts whole
                        12L, new CpuMeter.ProcessTime(900, 7, false),
                        13L, new CpuMeter.ProcessTime(950, 3, false)));
        CpuMeter.Spent spent = CpuMeter.Spent.between(before, after);
        assertEquals(2.0, spent.self());
        assertEquals(0.5, spent.storage());
        assertEquals(0.1, spent.kernelThreads(), 1e-9);
        assertEquals(0.4, spent.otherProcesses(), 1e-9);
        assertEquals(0.1, spent.interrupts(), 1e-9);
        assertEquals(0.02, spent.steal(), 1e-9);
        assertEquals(3.0, spent.machineBusy());
        assertEquals(0.1, spent.iowait(), 1e-9);
    }

    @Test
    void unknownValuesStayUnknown() {
        CpuMeter.Sample before = new CpuMeter.Sample(0, -1, CpuMeter.MachineTimes.UNKNOWN, Map.of());
        CpuMeter.Sample after = new CpuMeter.Sample(1_000_000_000L, -1, CpuMeter.MachineTimes.UNKNOWN, Map.of());
        CpuMeter.Spent spent = CpuMeter.Spent.between(before, after);
        assertEquals(1.0, spent.self());
        assertTrue(spent.storage() < 0);
        assertTrue(spent.otherProcesses() < 0);
        assertTrue(spent.machineBusy() < 0);
    }

    @Test
    void samplesThisJvmButNotItselfAsAnOther() {
        CpuMeter.Sample sample = new CpuMeter(-1).sample();
        assertTrue(sample.self() >= 0, "a HotSpot JVM reports its CPU time");
        assertEquals(-1, sample.storage());
        assertFalse(sample.others().containsKey(ProcessHandle.current().pid()));
    }

    @Test
    void parsesTheTimeOfEndedChildren() {
        // Fields 16 and 17 (cutime, cstime) follow utime 300 and stime 0.
        assertEquals(70 + 5, CpuMeter.parseChildrenTicks("4242 (my (odd) java) S 1 4242 4242 0 -1 4194560"
                + " 10 20 30 40 300 0 70 5 20 0 40 0 123456 1000 100"));
        assertThrows(IllegalArgumentException.class, () -> CpuMeter.parseChildrenTicks("not a stat line"));
    }
}
