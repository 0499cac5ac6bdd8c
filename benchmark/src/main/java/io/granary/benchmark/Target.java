package io.granary.benchmark;

import java.io.Closeable;
import java.io.IOException;
import java.util.zip.CRC32C;

/**
 * One side of the comparison: a place where named byte strings are written durably and read back.
 * Implementations are thread-safe; every name is written at most once per run.
 */
interface Target extends Closeable {
    /** Writes {@code data[0, length)} under {@code name}; returns once the bytes are durable. */
    void write(String name, byte[] data, int length) throws IOException;

    /**
     * Reads everything stored under {@code name}, streaming it through {@code buffer} into
     * {@code crc} (which the caller has reset), and returns the number of bytes read.
     */
    long read(String name, byte[] buffer, CRC32C crc) throws IOException;

    /**
     * Deletes everything this target wrote, with {@code threads} threads where that helps, and
     * returns a one-line account of it.
     */
    String cleanUp(int threads) throws IOException, BenchmarkFailure;
}
