package io.granary.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

/**
 * Runs one phase: operations {@code 0 … count-1}, each exactly once, spread over a fixed number of
 * threads that take the next index as they become free (a closed loop: each thread has at most one
 * request in flight). Each operation has an untimed {@link Operation#prepare prepare} step and a
 * timed {@link Operation#perform perform} step; the latency of {@code perform} is taken with
 * {@link System#nanoTime()}.
 *
 * <p>The first failure stops the phase: threads take no new index, and {@link #run} throws a
 * {@link BenchmarkFailure} naming the phase and the operation once all threads have finished.
 */
final class PhaseRunner {
    private PhaseRunner() {
    }

    /** One kind of operation, called from the phase's threads with the thread's own scratch space. */
    interface Operation {
        /** Untimed work before the request, such as generating the payload. */
        default void prepare(int index, Scratch scratch) throws Exception {
        }

        /** The timed request. */
        void perform(int index, Scratch scratch) throws Exception;
    }

    /** Buffers owned by one thread of a phase and reused for each of its operations. */
    static final class Scratch {
        private static final int READ_BUFFER = 64 * 1024;

        private final int payloadSize;
        private byte[] payload;
        private byte[] readBuffer;
        final CRC32C crc = new CRC32C();

        Scratch(int payloadSize) {
            this.payloadSize = payloadSize;
        }

        /** A buffer of the phase's payload size, allocated on first use. */
        byte[] payload() {
            if (payload == null) {
                payload = new byte[payloadSize];
            }
            return payload;
        }

        int payloadSize() {
            return payloadSize;
        }

        /** A buffer for streaming reads, allocated on first use. */
        byte[] readBuffer() {
            if (readBuffer == null) {
                readBuffer = new byte[READ_BUFFER];
            }
            return readBuffer;
        }
    }

    /**
     * Runs the phase and returns its figures.
     *
     * @param bytesPerOperation payload bytes each operation moves, for the throughput figure
     * @throws BenchmarkFailure if an operation failed; its cause is the operation's exception
     */
    static PhaseResult run(String name, int count, long bytesPerOperation, int threads, Operation operation)
            throws BenchmarkFailure {
        if (count < 1 || threads < 1) {
            throw new IllegalArgumentException("a phase needs at least one operation and one thread");
        }
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicLong preparation = new AtomicLong();
        AtomicReference<BenchmarkFailure> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < Math.min(threads, count); t++) {
            Scratch scratch = new Scratch((int) Math.min(Integer.MAX_VALUE, bytesPerOperation));
            workers.add(new Thread(() -> {
                long prepared = 0;
                for (int index = next.getAndIncrement(); index < count && failure.get() == null;
                        index = next.getAndIncrement()) {
                    try {
                        long before = System.nanoTime();
                        operation.prepare(index, scratch);
                        long start = System.nanoTime();
                        operation.perform(index, scratch);
                        latencies[index] = System.nanoTime() - start;
                        prepared += start - before;
                    } catch (Exception | Error e) {
                        failure.compareAndSet(null, BenchmarkFailure.of(name, index, e));
                    }
                }
                preparation.addAndGet(prepared);
            }, "benchmark-" + name.replace(' ', '-') + "-" + t));
        }
        long started = System.nanoTime();
        workers.forEach(Thread::start);
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (true) {
                try {
                    worker.join();
                    break;
                } catch (InterruptedException e) {
                    // Let the workers finish their current request; the phase ends as a failure.
                    interrupted = true;
                    failure.compareAndSet(null, new BenchmarkFailure(name + ": interrupted"));
                }
            }
        }
        long elapsed = System.nanoTime() - started;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new PhaseResult(name, bytesPerOperation, elapsed, latencies, preparation.get());
    }
}
