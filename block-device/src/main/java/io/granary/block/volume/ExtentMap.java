package io.granary.block.volume;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Where each byte of a volume is: non-overlapping {@link Extent}s by volume offset. A new extent
 * replaces whatever it overlaps (the extents it cuts keep their outside parts), and merges with
 * neighbours it continues, so sequential writes stay one extent and the map grows with the number
 * of discontiguous runs, not of writes.
 *
 * <p>Not thread-safe: the volume guards it.
 */
final class ExtentMap {
    /** Bytes per encoded extent: start, length, kind, segment, position, sequence. */
    private static final int ENCODED_EXTENT = 8 + 8 + 1 + 8 + 8 + 8;

    private final NavigableMap<Long, Extent> extents = new TreeMap<>();

    ExtentMap() {
    }

    private ExtentMap(Map<Long, Extent> extents) {
        this.extents.putAll(extents);
    }

    /** An independent copy (extents are immutable, so only the index is copied). */
    ExtentMap copy() {
        return new ExtentMap(extents);
    }

    /** Puts {@code extent} in, replacing what it overlaps. */
    void put(Extent extent) {
        if (extent.kind() == Extent.Kind.UNMAPPED) {
            throw new IllegalArgumentException("unmapped extents are not stored: " + extent);
        }
        cut(extent.start(), extent.end());
        Extent merged = extent;
        Map.Entry<Long, Extent> before = extents.lowerEntry(merged.start());
        if (before != null && before.getValue().continuesInto(merged)) {
            extents.remove(before.getKey());
            merged = before.getValue().join(merged);
        }
        Extent after = extents.get(merged.end());
        if (after != null && merged.continuesInto(after)) {
            extents.remove(after.start());
            merged = merged.join(after);
        }
        extents.put(merged.start(), merged);
    }

    /** Removes every byte in {@code [from, to)} from the map (they become unmapped). */
    void cut(long from, long to) {
        Map.Entry<Long, Extent> straddling = extents.lowerEntry(from);
        if (straddling != null && straddling.getValue().end() > from) {
            Extent cut = straddling.getValue();
            extents.put(cut.start(), cut.slice(cut.start(), from));
            if (cut.end() > to) {
                extents.put(to, cut.slice(to, cut.end()));
            }
        }
        NavigableMap<Long, Extent> inside = extents.subMap(from, true, to, false);
        Extent last = inside.isEmpty() ? null : inside.lastEntry().getValue();
        inside.clear();
        if (last != null && last.end() > to) {
            extents.put(to, last.slice(to, last.end()));
        }
    }

    /**
     * The extents covering {@code [offset, offset + length)}, clipped to it, in order, with
     * {@link Extent.Kind#UNMAPPED unmapped} extents for the gaps.
     */
    List<Extent> resolve(long offset, long length) {
        List<Extent> pieces = new ArrayList<>();
        long end = offset + length;
        long at = offset;
        Map.Entry<Long, Extent> first = extents.floorEntry(offset);
        Long from = first != null && first.getValue().end() > offset ? first.getKey() : Long.valueOf(offset);
        for (Extent extent : extents.subMap(from, true, end, false).values()) {
            if (extent.start() > at) {
                pieces.add(Extent.unmapped(at, extent.start() - at));
            }
            Extent clipped = extent.slice(offset, end);
            pieces.add(clipped);
            at = clipped.end();
        }
        if (at < end) {
            pieces.add(Extent.unmapped(at, end - at));
        }
        return pieces;
    }

    /** Every extent, in order. */
    Collection<Extent> extents() {
        return extents.values();
    }

    int size() {
        return extents.size();
    }

    /** Bytes held in segments. */
    long dataBytes() {
        long total = 0;
        for (Extent extent : extents.values()) {
            if (extent.kind() == Extent.Kind.DATA) {
                total += extent.length();
            }
        }
        return total;
    }

    /** The map as checkpoint bytes: a count, then each extent in order, big-endian. */
    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(4 + extents.size() * ENCODED_EXTENT);
        out.putInt(extents.size());
        for (Extent extent : extents.values()) {
            out.putLong(extent.start()).putLong(extent.length()).put((byte) extent.kind().ordinal())
                    .putLong(extent.segment()).putLong(extent.position()).putLong(extent.sequence());
        }
        return out.array();
    }

    /**
     * The map {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException if {@code bytes} are not such a map
     */
    static ExtentMap decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 4) {
            throw new IllegalArgumentException("an extent map of " + bytes.length + " bytes");
        }
        int count = in.getInt();
        if (count < 0 || (long) count * ENCODED_EXTENT != in.remaining()) {
            throw new IllegalArgumentException("an extent map of " + count + " extents in " + bytes.length + " bytes");
        }
        ExtentMap map = new ExtentMap();
        long previousEnd = 0;
        Extent.Kind[] kinds = Extent.Kind.values();
        for (int i = 0; i < count; i++) {
            long start = in.getLong();
            long length = in.getLong();
            int kind = in.get();
            Extent extent = new Extent(start, length, kind >= 0 && kind < kinds.length - 1 ? kinds[kind]
                    : failKind(kind), in.getLong(), in.getLong(), in.getLong());
            if (start < previousEnd) {
                throw new IllegalArgumentException("extents out of order at " + start);
            }
            previousEnd = extent.end();
            map.extents.put(start, extent);
        }
        return map;
    }

    private static Extent.Kind failKind(int kind) {
        throw new IllegalArgumentException("unknown extent kind " + kind);
    }
}
