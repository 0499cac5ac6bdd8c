package io.granary.launcher.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which files go in one PUT, and the parts of the others. */
class PartPlanTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    /** Parts numbered from 1, back to back from byte 0 to the end, all of the plan's size but the last. */
    private static void assertCovers(PartPlan plan) {
        long offset = 0;
        for (int i = 0; i < plan.parts().size(); i++) {
            PartPlan.Part part = plan.parts().get(i);
            assertEquals(i + 1, part.number());
            assertEquals(offset, part.offset());
            if (i < plan.parts().size() - 1) {
                assertEquals(plan.partSize(), part.length(), "part " + part.number());
            } else {
                assertTrue(part.length() > 0 || !plan.multipart());
                assertTrue(part.length() <= plan.partSize());
            }
            offset += part.length();
        }
        assertEquals(plan.length(), offset);
        assertTrue(plan.parts().size() <= PartPlan.MAX_PARTS);
    }

    @Test
    void filesUpToThePartSizeGoInOnePut() {
        for (long length : new long[] {0, 1, 5 * MIB, 64 * MIB}) {
            PartPlan plan = PartPlan.of(length, PartPlan.DEFAULT_PART_SIZE);
            assertFalse(plan.multipart(), "length " + length);
            assertEquals(1, plan.parts().size());
            assertEquals(new PartPlan.Part(1, 0, length), plan.parts().get(0));
            assertCovers(plan);
        }
    }

    @Test
    void longerFilesGoInPartsWithAShorterLastPart() {
        PartPlan plan = PartPlan.of(64 * MIB + 1, PartPlan.DEFAULT_PART_SIZE);
        assertTrue(plan.multipart());
        assertEquals(2, plan.parts().size());
        assertEquals(new PartPlan.Part(2, 64 * MIB, 1), plan.parts().get(1));
        assertCovers(plan);

        PartPlan small = PartPlan.of(23 * MIB + 12345, 5 * MIB);
        assertEquals(5, small.parts().size());
        assertEquals(new PartPlan.Part(5, 20 * MIB, 3 * MIB + 12345), small.parts().get(4));
        assertCovers(small);
    }

    @Test
    void exactMultiplesEndWithAFullPart() {
        PartPlan plan = PartPlan.of(3 * 64 * MIB, PartPlan.DEFAULT_PART_SIZE);
        assertEquals(3, plan.parts().size());
        assertEquals(new PartPlan.Part(3, 128 * MIB, 64 * MIB), plan.parts().get(2));
        assertCovers(plan);
    }

    @Test
    void thePartSizeDoublesSoThatNoFileNeedsMoreThanTenThousandParts() {
        // 10,000 parts of 64 MiB fit exactly; one byte more doubles the part size.
        PartPlan atLimit = PartPlan.of(PartPlan.MAX_PARTS * 64 * MIB, PartPlan.DEFAULT_PART_SIZE);
        assertEquals(64 * MIB, atLimit.partSize());
        assertEquals(PartPlan.MAX_PARTS, atLimit.parts().size());
        assertCovers(atLimit);
        PartPlan over = PartPlan.of(PartPlan.MAX_PARTS * 64 * MIB + 1, PartPlan.DEFAULT_PART_SIZE);
        assertEquals(128 * MIB, over.partSize());
        assertEquals(5001, over.parts().size());
        assertEquals(1, over.parts().get(5000).length());
        assertCovers(over);

        PartPlan tebibyte = PartPlan.of(1024 * GIB, PartPlan.DEFAULT_PART_SIZE);
        assertEquals(128 * MIB, tebibyte.partSize());
        assertEquals(8192, tebibyte.parts().size());
        assertCovers(tebibyte);

        PartPlan fiveTebibytes = PartPlan.of(5 * 1024 * GIB, PartPlan.DEFAULT_PART_SIZE);
        assertEquals(GIB, fiveTebibytes.partSize());
        assertEquals(5120, fiveTebibytes.parts().size());
        assertCovers(fiveTebibytes);
    }

    @Test
    void grownPartsStopAtFiveGibibytes() {
        // 64 MiB doubled to 4 GiB is not enough for 10,000 parts; 8 GiB is too much for S3, so 5 GiB.
        PartPlan largest = PartPlan.of(PartPlan.MAX_PARTS * PartPlan.MAX_PART_SIZE, PartPlan.DEFAULT_PART_SIZE);
        assertEquals(PartPlan.MAX_PART_SIZE, largest.partSize());
        assertEquals(PartPlan.MAX_PARTS, largest.parts().size());
        assertCovers(largest);
        assertThrows(IllegalArgumentException.class,
                () -> PartPlan.of(PartPlan.MAX_PARTS * PartPlan.MAX_PART_SIZE + 1, PartPlan.DEFAULT_PART_SIZE));
        assertThrows(IllegalArgumentException.class, () -> PartPlan.of(Long.MAX_VALUE, PartPlan.DEFAULT_PART_SIZE));
    }

    @Test
    void partSizesOutsideS3sBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PartPlan.of(100 * MIB, 5 * MIB - 1));
        assertThrows(IllegalArgumentException.class, () -> PartPlan.of(100 * MIB, 5 * GIB + 1));
        assertThrows(IllegalArgumentException.class, () -> PartPlan.of(-1, 5 * MIB));
        assertEquals(5 * MIB, PartPlan.of(100 * MIB, 5 * MIB).partSize());
        assertEquals(5 * GIB, PartPlan.of(100 * MIB, 5 * GIB).partSize());
    }
}
