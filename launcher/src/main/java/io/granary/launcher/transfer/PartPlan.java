package io.granary.launcher.transfer;

import java.util.ArrayList;
import java.util.List;

/**
 * How a file of a given length is uploaded: in one PUT, or in a multipart upload of parts of one
 * size but the last, which is shorter or equal. Pure values.
 *
 * <p>The rule, the one awscli follows with its own figures: a file no longer than the part size
 * goes in one PUT (so the part size is also the multipart threshold); a longer one is cut into
 * parts of the part size, and if that would make more than {@link #MAX_PARTS} parts the part size
 * is doubled until it does not (capped at {@link #MAX_PART_SIZE}). The part size given must be
 * one S3 accepts for a part that is not the last: {@link #MIN_PART_SIZE} to {@link #MAX_PART_SIZE}.
 *
 * @param length the file's length in bytes
 * @param partSize the length of every part but the last (the part size asked for, or grown)
 * @param multipart whether the file goes as a multipart upload rather than one PUT
 * @param parts the parts in order, numbered from 1; a single PUT is one part covering the file
 */
public record PartPlan(long length, long partSize, boolean multipart, List<Part> parts) {
    /** The part size, and multipart threshold, a user gets: 64 MiB. */
    public static final long DEFAULT_PART_SIZE = 64L << 20;
    /** S3's smallest part but the last: 5 MiB. */
    public static final long MIN_PART_SIZE = 5L << 20;
    /** S3's largest part, and largest single PUT: 5 GiB. */
    public static final long MAX_PART_SIZE = 5L << 30;
    /** S3's most parts in one upload. */
    public static final int MAX_PARTS = 10_000;

    /** One part: its number (from 1) and the bytes of the file it carries. */
    public record Part(int number, long offset, long length) {
    }

    public PartPlan {
        parts = List.copyOf(parts);
    }

    /**
     * The plan for a file of {@code length} bytes with parts of {@code partSize} bytes, grown if
     * needed.
     *
     * @throws IllegalArgumentException if the part size is outside S3's bounds, or the file would
     *     need more than {@link #MAX_PARTS} parts of {@link #MAX_PART_SIZE}
     */
    public static PartPlan of(long length, long partSize) {
        if (length < 0) {
            throw new IllegalArgumentException("a file length is not negative: " + length);
        }
        checkPartSize(partSize);
        if (length <= partSize) {
            return new PartPlan(length, partSize, false, List.of(new Part(1, 0, length)));
        }
        long size = partSize;
        while (partCount(length, size) > MAX_PARTS && size < MAX_PART_SIZE) {
            size = Math.min(size * 2, MAX_PART_SIZE);
        }
        if (partCount(length, size) > MAX_PARTS) {
            throw new IllegalArgumentException(length + " bytes need more than " + MAX_PARTS
                    + " parts of 5 GiB, more than one S3 upload can take");
        }
        int count = (int) partCount(length, size);
        List<Part> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long offset = i * size;
            parts.add(new Part(i + 1, offset, Math.min(size, length - offset)));
        }
        return new PartPlan(length, size, true, parts);
    }

    /**
     * Returns {@code partSize} if S3 takes parts of that size but the last.
     *
     * @throws IllegalArgumentException if it is outside {@link #MIN_PART_SIZE} to {@link #MAX_PART_SIZE}
     */
    public static long checkPartSize(long partSize) {
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("a part size is " + MIN_PART_SIZE + " (5 MiB) to " + MAX_PART_SIZE
                    + " (5 GiB) bytes, not " + partSize);
        }
        return partSize;
    }

    private static long partCount(long length, long size) {
        return length / size + (length % size == 0 ? 0 : 1);
    }
}
