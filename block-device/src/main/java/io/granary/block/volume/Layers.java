package io.granary.block.volume;

import io.granary.block.BlockDevice.Allocation;
import io.granary.core.block.Checkpoint;
import io.granary.core.block.ParentSnapshot;
import io.granary.core.block.SegmentStore;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeCatalog;
import io.granary.core.StoreError;
import io.granary.core.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stack of frozen maps read top down: bytes unmapped in one layer come from the next, bytes past
 * a layer's size or below the last layer read as zeroes. A snapshot reads through its own map and
 * its volume's parents; a clone's own (live) map sits on top of its parents. Immutable, thread-safe.
 */
final class Layers {
    private static final Layers NONE = new Layers(null, List.of());
    /** Allocation answers stop after this many extents (a prefix is enough). */
    private static final int MAX_ALLOCATIONS = 1024;

    private final SegmentStore store;
    private final List<Layer> layers;

    Layers(SegmentStore store, List<Layer> layers) {
        this.store = store;
        this.layers = List.copyOf(layers);
    }

    static Layers none() {
        return NONE;
    }

    /**
     * The stack a volume layered over {@code parent} reads through: that snapshot's map, then the
     * snapshot's own parent, and so on.
     */
    static Layers of(VolumeCatalog catalog, SegmentStore store, Optional<ParentSnapshot> parent) {
        List<Layer> stack = new ArrayList<>();
        Optional<ParentSnapshot> next = parent;
        while (next.isPresent()) {
            ParentSnapshot link = next.get();
            SnapshotRecord snapshot = catalog.findSnapshot(link.volumeId(), link.snapshot()).orElseThrow(
                    () -> missing(link));
            Checkpoint map = catalog.snapshotMap(link.volumeId(), link.snapshot()).orElseThrow(() -> missing(link));
            stack.add(new Layer(link.volumeId(), ExtentMap.decode(map.extents()), snapshot.size()));
            next = snapshot.parent();
        }
        return new Layers(store, stack);
    }

    /** This stack under a new top layer. */
    Layers under(Layer top) {
        List<Layer> stack = new ArrayList<>();
        stack.add(top);
        stack.addAll(layers);
        return new Layers(store, stack);
    }

    boolean isEmpty() {
        return layers.isEmpty();
    }

    /** The size of the top layer: bytes from there on read as zeroes. */
    long size() {
        return layers.isEmpty() ? 0 : layers.get(0).size();
    }

    /** Fills {@code destination}'s remaining bytes with the stack's bytes from {@code offset}. */
    void read(long offset, ByteBuffer destination) throws IOException {
        read(0, offset, destination);
    }

    private void read(int index, long offset, ByteBuffer destination) throws IOException {
        if (index == layers.size()) {
            SegmentReads.zero(destination);
            return;
        }
        Layer layer = layers.get(index);
        long inside = Math.max(0, Math.min(destination.remaining(), layer.size() - offset));
        if (inside > 0) {
            for (Extent piece : layer.map().resolve(offset, inside)) {
                ByteBuffer part = SegmentReads.take(destination, piece.length());
                switch (piece.kind()) {
                    case DATA -> SegmentReads.readFully(store, layer.volumeId(), piece.segment(), piece.position(), part);
                    case HOLE, ZERO -> SegmentReads.zero(part);
                    case UNMAPPED -> read(index + 1, piece.start(), part);
                }
            }
        }
        SegmentReads.zero(destination);
    }

    /** The allocation of the range, merged, at most {@link #MAX_ALLOCATIONS} extents. */
    List<Allocation> allocation(long offset, long length) {
        List<Allocation> out = new ArrayList<>();
        allocation(0, offset, length, out);
        return out;
    }

    private void allocation(int index, long offset, long length, List<Allocation> out) {
        if (index == layers.size()) {
            add(out, new Allocation(length, true, true));
            return;
        }
        Layer layer = layers.get(index);
        long inside = Math.max(0, Math.min(length, layer.size() - offset));
        if (inside > 0) {
            for (Extent piece : layer.map().resolve(offset, inside)) {
                if (out.size() >= MAX_ALLOCATIONS) {
                    return;
                }
                if (piece.kind() == Extent.Kind.UNMAPPED) {
                    allocation(index + 1, piece.start(), piece.length(), out);
                } else {
                    add(out, allocationOf(piece));
                }
            }
        }
        if (length > inside && out.size() < MAX_ALLOCATIONS) {
            add(out, new Allocation(length - inside, true, true));
        }
    }

    static Allocation allocationOf(Extent piece) {
        return switch (piece.kind()) {
            case DATA -> new Allocation(piece.length(), false, false);
            case ZERO -> new Allocation(piece.length(), false, true);
            case HOLE, UNMAPPED -> new Allocation(piece.length(), true, true);
        };
    }

    /** Appends {@code next}, merged into the last extent if it is of the same kind. */
    static void add(List<Allocation> out, Allocation next) {
        if (!out.isEmpty()) {
            Allocation last = out.get(out.size() - 1);
            if (last.hole() == next.hole() && last.zero() == next.zero()) {
                out.set(out.size() - 1, new Allocation(last.length() + next.length(), last.hole(), last.zero()));
                return;
            }
        }
        out.add(next);
    }

    private static StoreException missing(ParentSnapshot link) {
        return new StoreException(StoreError.INTERNAL, "parent snapshot " + link.volume() + "@" + link.snapshot()
                + " is missing");
    }
}
