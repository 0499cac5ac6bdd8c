package io.granary.core.checksum;

import java.util.zip.Checksum;

/**
 * CRC-64/NVME, the 64-bit CRC of S3's {@code x-amz-checksum-crc64nvme}: polynomial
 * {@code 0xAD93D23594C93659} (reflected {@code 0x9A6C9329AC4BC9B5}), reflected input and output,
 * initial value and final XOR all ones. Its check value, the CRC of {@code "123456789"}, is
 * {@code 0xAE8B14860A799888}.
 */
final class Crc64Nvme implements Checksum {
    private static final long[] TABLE = table();

    private long crc = -1L;

    @Override
    public void update(int b) {
        crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        long value = crc;
        for (int i = offset; i < offset + length; i++) {
            value = TABLE[(int) ((value ^ bytes[i]) & 0xff)] ^ (value >>> 8);
        }
        crc = value;
    }

    @Override
    public long getValue() {
        return ~crc;
    }

    @Override
    public void reset() {
        crc = -1L;
    }

    private static long[] table() {
        long[] table = new long[256];
        for (int n = 0; n < 256; n++) {
            long value = n;
            for (int bit = 0; bit < 8; bit++) {
                value = (value & 1) != 0 ? (value >>> 1) ^ 0x9A6C9329AC4BC9B5L : value >>> 1;
            }
            table[n] = value;
        }
        return table;
    }
}
