package io.granary.benchmark;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Object contents that any run can regenerate: a SplitMix64 stream seeded from the run's seed and
 * the object's index, written little-endian. The same seed, index and length always give the same
 * bytes on any JVM; different indexes give unrelated bytes, so reading back another object's bytes
 * fails verification. Fast enough (a few GB/s) that generating a payload costs far less than
 * storing it.
 */
final class Payload {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Payload() {
    }

    /** Fills {@code buffer[0, length)} with the bytes of object {@code index} of a run seeded with {@code seed}. */
    static void fill(long seed, long index, byte[] buffer, int length) {
        Objects.checkFromIndexSize(0, length, buffer.length);
        long state = mix(seed ^ mix(index * GOLDEN_GAMMA + GOLDEN_GAMMA));
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            state += GOLDEN_GAMMA;
            LONGS.set(buffer, i, mix(state));
        }
        if (i < length) {
            state += GOLDEN_GAMMA;
            long last = mix(state);
            for (; i < length; i++, last >>>= 8) {
                buffer[i] = (byte) last;
            }
        }
    }

    /** The CRC32C of {@code buffer[0, length)}, as an unsigned 32-bit value. */
    static long crc32c(byte[] buffer, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer, 0, length);
        return crc.getValue();
    }

    /** SplitMix64's finalizer (Steele, Lea and Flood, 2014). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
