package io.granary.block.volume;

import java.util.ArrayList;
import java.util.List;

/**
 * The ranges where two maps of one volume point at different bytes: written, trimmed or zeroed in
 * between. Bytes both maps leave to the same place (the same segment run, or zeroes either way)
 * are unchanged; comparing pointers, not contents, is what makes this cheap.
 */
final class MapDifference {
    private MapDifference() {
    }

    /** Changed ranges of {@code [0, size)} from {@code older} to {@code newer}, merged, in order. */
    static List<ChangedRange> between(ExtentMap older, ExtentMap newer, long size) {
        List<ChangedRange> changed = new ArrayList<>();
        if (size == 0) {
            return changed;
        }
        List<Extent> before = older.resolve(0, size);
        List<Extent> after = newer.resolve(0, size);
        int i = 0;
        int j = 0;
        long at = 0;
        while (at < size) {
            Extent a = before.get(i);
            Extent b = after.get(j);
            long end = Math.min(a.end(), b.end());
            if (!same(a.slice(at, end), b.slice(at, end))) {
                add(changed, at, end - at);
            }
            at = end;
            if (a.end() == end) {
                i++;
            }
            if (b.end() == end) {
                j++;
            }
        }
        return changed;
    }

    private static boolean same(Extent a, Extent b) {
        if (a.kind() == Extent.Kind.DATA || b.kind() == Extent.Kind.DATA) {
            return a.kind() == b.kind() && a.segment() == b.segment() && a.position() == b.position();
        }
        // Holes and zeroes read alike; unmapped bytes read from a parent, so they differ from both.
        return (a.kind() == Extent.Kind.UNMAPPED) == (b.kind() == Extent.Kind.UNMAPPED);
    }

    private static void add(List<ChangedRange> changed, long offset, long length) {
        if (!changed.isEmpty()) {
            ChangedRange last = changed.get(changed.size() - 1);
            if (last.offset() + last.length() == offset) {
                changed.set(changed.size() - 1, new ChangedRange(last.offset(), last.length() + length));
                return;
            }
        }
        changed.add(new ChangedRange(offset, length));
    }
}
