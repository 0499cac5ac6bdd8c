package io.granary.benchmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class PayloadTest {
    private static byte[] payload(long seed, long index, int length) {
        byte[] bytes = new byte[length];
        Payload.fill(seed, index, bytes, length);
        return bytes;
    }

    @Test
    void sameSeedAndIndexGiveTheSameBytes() {
        assertArrayEquals(payload(1, 42, 10_000), payload(1, 42, 10_000));
    }

    @Test
    void theBytesArePinned() {
        // Payloads must not change between versions, or figures of old runs are not reproducible.
        // Expected values from an independent SplitMix64 + CRC32C written in Python.
        assertArrayEquals(new byte[] {(byte) 0xa1, (byte) 0x0f, (byte) 0xc7, (byte) 0x0e},
                Arrays.copyOf(payload(1, 0, 4096), 4));
        assertEquals(0xd179c8bbL, Payload.crc32c(payload(1, 0, 4096), 4096));
    }

    @Test
    void differentIndexesOrSeedsGiveDifferentBytes() {
        byte[] base = payload(1, 0, 4096);
        assertFalse(Arrays.equals(base, payload(1, 1, 4096)));
        assertFalse(Arrays.equals(base, payload(2, 0, 4096)));
        assertFalse(Arrays.equals(payload(0, 0, 64), payload(0, 1, 64)), "seed 0 is not special");
        assertFalse(Arrays.equals(payload(1, 1, 64), payload(2, 2, 64)), "seed and index do not cancel out");
    }

    @Test
    void aShorterPayloadIsAPrefixOfALongerOne() {
        byte[] longer = payload(7, 3, 64);
        for (int length = 0; length <= 64; length++) {
            assertArrayEquals(Arrays.copyOf(longer, length), payload(7, 3, length), "length " + length);
        }
    }

    @Test
    void fillsOnlyTheRequestedLength() {
        byte[] buffer = new byte[20];
        Arrays.fill(buffer, (byte) 0x55);
        Payload.fill(1, 0, buffer, 13);
        for (int i = 13; i < buffer.length; i++) {
            assertEquals((byte) 0x55, buffer[i], "byte " + i);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> Payload.fill(1, 0, buffer, 21));
    }

    @Test
    void usesEveryByteValue() {
        byte[] bytes = payload(1, 0, 64 * 1024);
        boolean[] seen = new boolean[256];
        for (byte b : bytes) {
            seen[b & 0xff] = true;
        }
        for (int value = 0; value < 256; value++) {
            assertEquals(true, seen[value], "byte value " + value);
        }
    }

    @Test
    void checksumIsCrc32cOfThePrefix() {
        byte[] bytes = payload(1, 5, 1000);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 600);
        assertEquals(crc.getValue(), Payload.crc32c(bytes, 600));
    }
}
