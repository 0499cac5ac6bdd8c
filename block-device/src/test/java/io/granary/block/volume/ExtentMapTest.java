package io.granary.block.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExtentMapTest {
    private static final int SIZE = 1 << 16;

    @Test
    void randomPutsResolveLikeAPerByteModel() {
        Random random = new Random(42);
        ExtentMap map = new ExtentMap();
        // Per volume byte: -1 unmapped, -2 hole, -3 zeroes, else the segment position the byte is at.
        long[] model = new long[SIZE];
        Arrays.fill(model, -1);
        long position = 0;
        for (int i = 0; i < 3000; i++) {
            int start = random.nextInt(SIZE);
            int length = 1 + random.nextInt(Math.min(SIZE - start, random.nextBoolean() ? 64 : 4096));
            int kind = random.nextInt(10);
            if (kind < 7) {
                map.put(Extent.data(start, length, 1, position, i));
                for (int b = 0; b < length; b++) {
                    model[start + b] = position + b;
                }
                position += length + random.nextInt(2) * 36;
            } else if (kind < 9) {
                Extent.Kind zero = kind == 7 ? Extent.Kind.HOLE : Extent.Kind.ZERO;
                map.put(Extent.zeroes(start, length, zero, i));
                Arrays.fill(model, start, start + length, zero == Extent.Kind.HOLE ? -2 : -3);
            } else {
                map.cut(start, start + length);
                Arrays.fill(model, start, start + length, -1);
            }
            if (i % 100 == 0) {
                assertEquals(expand(map.resolve(0, SIZE)), List.of(boxed(model)));
                map = ExtentMap.decode(map.encode());
            }
        }
        assertEquals(expand(map.resolve(0, SIZE)), List.of(boxed(model)));
        int from = 1234;
        int length = 40_000;
        assertEquals(expand(map.resolve(from, length)), List.of(boxed(Arrays.copyOfRange(model, from, from + length))));
    }

    @Test
    void contiguousWritesStayOneExtent() {
        ExtentMap map = new ExtentMap();
        for (int i = 0; i < 100; i++) {
            map.put(Extent.data(i * 512L, 512, 7, 1000 + i * 512L, i));
        }
        assertEquals(1, map.size());
        assertEquals(List.of(Extent.data(0, 51_200, 7, 1000, 99)), new ArrayList<>(map.extents()));
        map.put(Extent.data(1024, 512, 7, 99_999, 100));
        assertEquals(3, map.size());
        map.put(Extent.zeroes(0, 51_200, Extent.Kind.HOLE, 101));
        assertEquals(1, map.size());
        assertEquals(0, map.dataBytes());
    }

    @Test
    void malformedEncodingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ExtentMap.decode(new byte[] {0, 0, 0, 2, 1}));
        assertThrows(IllegalArgumentException.class, () -> ExtentMap.decode(new byte[2]));
    }

    private static List<Long> expand(List<Extent> pieces) {
        List<Long> bytes = new ArrayList<>();
        for (Extent piece : pieces) {
            for (long b = 0; b < piece.length(); b++) {
                bytes.add(switch (piece.kind()) {
                    case DATA -> piece.position() + b;
                    case HOLE -> -2L;
                    case ZERO -> -3L;
                    case UNMAPPED -> -1L;
                });
            }
        }
        return bytes;
    }

    private static Long[] boxed(long[] values) {
        return Arrays.stream(values).boxed().toArray(Long[]::new);
    }
}
