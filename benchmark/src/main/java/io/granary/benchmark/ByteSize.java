package io.granary.benchmark;

import java.util.Locale;

/** Byte counts on the command line and in reports: a number, optionally followed by k, m or g (powers of 1024). */
final class ByteSize {
    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;

    private ByteSize() {
    }

    /**
     * Parses {@code 4096}, {@code 4k}, {@code 8m}, {@code 1g} (case-insensitive; k = 1024).
     *
     * @throws IllegalArgumentException if the text is not such a size or overflows a long
     */
    static long parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty size");
        }
        long unit = switch (trimmed.charAt(trimmed.length() - 1)) {
            case 'k' -> KIB;
            case 'm' -> MIB;
            case 'g' -> GIB;
            default -> 1;
        };
        String digits = unit == 1 ? trimmed : trimmed.substring(0, trimmed.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a size: " + text + " (expected a number of bytes, optionally with k, m or g)");
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size too large: " + text, e);
        }
    }

    /** {@code 4 KiB}, {@code 8 MiB}, or {@code 1000 B} when the count is not a whole number of KiB. */
    static String format(long bytes) {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + " GiB";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes + " B";
    }
}
