package io.granary.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.benchmark.BenchmarkFailure.VerificationException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class PhaseRunnerTest {
    @Test
    void everyOperationRunsExactlyOnceAfterItsPreparation() throws Exception {
        int count = 1000;
        AtomicIntegerArray prepared = new AtomicIntegerArray(count);
        AtomicIntegerArray performed = new AtomicIntegerArray(count);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        PhaseResult result = PhaseRunner.run("phase", count, 16, 4, new PhaseRunner.Operation() {
            @Override
            public void prepare(int index, PhaseRunner.Scratch scratch) {
                assertEquals(16, scratch.payload().length);
                prepared.incrementAndGet(index);
            }

            @Override
            public void perform(int index, PhaseRunner.Scratch scratch) {
                assertEquals(1, prepared.get(index), "prepared before performed");
                performed.incrementAndGet(index);
                threads.add(Thread.currentThread());
            }
        });
        for (int i = 0; i < count; i++) {
            assertEquals(1, performed.get(i), "operation " + i);
        }
        assertEquals(count, result.operations());
        assertEquals("phase", result.name());
        assertTrue(threads.size() <= 4, threads.size() + " threads");
        assertFalse(threads.contains(Thread.currentThread()), "operations run on the phase's threads");
    }

    @Test
    void moreThreadsThanOperations() throws Exception {
        AtomicIntegerArray performed = new AtomicIntegerArray(3);
        PhaseRunner.run("phase", 3, 0, 16, (index, scratch) -> performed.incrementAndGet(index));
        for (int i = 0; i < 3; i++) {
            assertEquals(1, performed.get(i));
        }
    }

    @Test
    void aFailedOperationFailsThePhaseNamingIt() {
        IOException cause = new IOException("connection reset");
        BenchmarkFailure failure = assertThrows(BenchmarkFailure.class, () -> PhaseRunner.run("gateway PutObject",
                100, 1, 4, (index, scratch) -> {
                    if (index == 37) {
                        throw cause;
                    }
                }));
        assertSame(cause, failure.getCause());
        assertTrue(failure.getMessage().startsWith("gateway PutObject, operation 37 failed"), failure.getMessage());
        assertFalse(failure.isVerificationFailure());
    }

    @Test
    void aVerificationFailureSaysSo() {
        BenchmarkFailure failure = assertThrows(BenchmarkFailure.class, () -> PhaseRunner.run("gateway GetObject",
                10, 1, 2, (index, scratch) -> {
                    if (index == 3) {
                        throw new VerificationException("obj-0000003 read back 0 bytes");
                    }
                }));
        assertTrue(failure.isVerificationFailure());
        assertInstanceOf(VerificationException.class, failure.getCause());
        assertEquals("gateway GetObject, operation 3: VERIFICATION FAILED: obj-0000003 read back 0 bytes",
                failure.getMessage());
    }

    @Test
    void anEmptyPhaseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PhaseRunner.run("phase", 0, 1, 1, (index, scratch) -> { }));
        assertThrows(IllegalArgumentException.class, () -> PhaseRunner.run("phase", 1, 1, 0, (index, scratch) -> { }));
    }
}
