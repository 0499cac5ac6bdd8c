package io.granary.benchmark;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * How fast this JVM computes, on one thread, the digests a PUT pays for per byte: SHA-256 (SigV4
 * payload and chunk signatures, on the client and again on the gateway), MD5 (the ETag), CRC32
 * (the SDK's trailing checksum, checked by the gateway) and CRC32C (the gateway's extent and chunk
 * checksums, and HDFS's own). With these rates a reader can turn bytes moved into CPU seconds.
 */
final class DigestRates {
    private static final int BUFFER = 1 << 20;

    private DigestRates() {
    }

    /** MiB/s per algorithm, each measured over {@code mib} MiB after an untimed warm-up of the same size. */
    static Map<String, Double> measure(int mib) {
        byte[] buffer = new byte[BUFFER];
        Payload.fill(0, 0, buffer, BUFFER);
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("SHA-256", rate(mib, () -> digest("SHA-256", buffer, mib)));
        rates.put("MD5", rate(mib, () -> digest("MD5", buffer, mib)));
        rates.put("CRC32", rate(mib, () -> checksum(new CRC32(), buffer, mib)));
        rates.put("CRC32C", rate(mib, () -> checksum(new CRC32C(), buffer, mib)));
        return rates;
    }

    private static double rate(int mib, Runnable work) {
        work.run();
        long start = System.nanoTime();
        work.run();
        return mib / ((System.nanoTime() - start) / 1e9);
    }

    private static void digest(String algorithm, byte[] buffer, int mib) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            for (int i = 0; i < mib; i++) {
                digest.update(buffer);
            }
            sink(digest.digest()[0]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }

    private static void checksum(Checksum checksum, byte[] buffer, int mib) {
        for (int i = 0; i < mib; i++) {
            checksum.update(buffer, 0, buffer.length);
        }
        sink(checksum.getValue());
    }

    /** Keeps results observable so that the JIT cannot drop the work. */
    private static volatile long sunk;

    private static void sink(long value) {
        sunk += value;
    }
}
