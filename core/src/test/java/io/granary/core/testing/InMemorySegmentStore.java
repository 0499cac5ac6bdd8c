package io.granary.core.testing;

import io.granary.core.block.SegmentExistsException;
import io.granary.core.block.SegmentStore;
import io.granary.core.block.SegmentWriter;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link SegmentStore} in memory, for tests. It keeps apart what a writer appended, what it
 * flushed (readable) and what it synced (durable), so that {@link #crash} can lose what a real crash
 * would lose, and even tear the last record.
 */
public final class InMemorySegmentStore implements SegmentStore {
    private record Name(long volume, long segment) {
    }

    private static final class Segment {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int readable;
        int durable;
        boolean sealed;
    }

    private final NavigableMap<Name, Segment> segments = new TreeMap<>(
            (a, b) -> a.volume != b.volume ? Long.compare(a.volume, b.volume) : Long.compare(a.segment, b.segment));
    private int syncs;

    /**
     * Simulates a crash of every writer: each open segment keeps its synced bytes plus the first
     * {@code keptUnsyncedBytes} of what was appended after the last sync (a torn tail when that cuts
     * a record), and is sealed.
     */
    public synchronized void crash(int keptUnsyncedBytes) {
        for (Segment segment : segments.values()) {
            if (!segment.sealed) {
                byte[] all = segment.bytes.toByteArray();
                int kept = (int) Math.min(all.length, (long) segment.durable + keptUnsyncedBytes);
                segment.bytes.reset();
                segment.bytes.write(all, 0, kept);
                segment.readable = kept;
                segment.durable = kept;
                segment.sealed = true;
            }
        }
    }

    /** Inverts the last byte of the last segment written (of any volume), as damage on disk would. */
    public synchronized void corruptLastByte() {
        Segment last = null;
        for (Segment segment : segments.values()) {
            if (segment.bytes.size() > 0) {
                last = segment;
            }
        }
        if (last == null) {
            throw new IllegalStateException("no segment holds bytes");
        }
        byte[] all = last.bytes.toByteArray();
        all[all.length - 1] = (byte) ~all[all.length - 1];
        last.bytes.reset();
        last.bytes.write(all, 0, all.length);
    }

    /** How many times a writer synced, across all segments. */
    public synchronized int syncs() {
        return syncs;
    }

    /** Every segment of every volume, for tests that look for leftovers. */
    public synchronized int segmentCount() {
        return segments.size();
    }

    @Override
    public synchronized SegmentWriter create(long volume, long segment) throws IOException {
        Name name = new Name(volume, segment);
        if (segments.containsKey(name)) {
            throw new SegmentExistsException(volume, segment);
        }
        Segment created = new Segment();
        segments.put(name, created);
        return new Writer(segment, created);
    }

    @Override
    public synchronized int read(long volume, long segment, long position, ByteBuffer destination) throws IOException {
        Segment found = find(volume, segment);
        if (position >= found.readable) {
            return 0;
        }
        int count = (int) Math.min(destination.remaining(), found.readable - position);
        byte[] all = found.bytes.toByteArray();
        destination.put(all, (int) position, count);
        return count;
    }

    @Override
    public synchronized long seal(long volume, long segment) throws IOException {
        Segment found = find(volume, segment);
        found.sealed = true;
        found.readable = found.bytes.size();
        return found.readable;
    }

    @Override
    public synchronized long length(long volume, long segment) throws IOException {
        return find(volume, segment).readable;
    }

    @Override
    public synchronized List<Long> list(long volume) {
        List<Long> numbers = new ArrayList<>();
        for (Name name : segments.subMap(new Name(volume, Long.MIN_VALUE), true, new Name(volume, Long.MAX_VALUE), true)
                .keySet()) {
            numbers.add(name.segment);
        }
        return numbers;
    }

    @Override
    public synchronized void delete(long volume, long segment) {
        segments.remove(new Name(volume, segment));
    }

    @Override
    public void close() {
    }

    private Segment find(long volume, long segment) throws FileNotFoundException {
        Segment found = segments.get(new Name(volume, segment));
        if (found == null) {
            throw new FileNotFoundException("no segment " + segment + " of volume " + volume);
        }
        return found;
    }

    private final class Writer implements SegmentWriter {
        private final long number;
        private final Segment segment;
        private boolean closed;

        Writer(long number, Segment segment) {
            this.number = number;
            this.segment = segment;
        }

        @Override
        public long segment() {
            return number;
        }

        @Override
        public long length() {
            synchronized (InMemorySegmentStore.this) {
                return segment.bytes.size();
            }
        }

        @Override
        public void append(ByteBuffer source) throws IOException {
            synchronized (InMemorySegmentStore.this) {
                requireWritable();
                byte[] copy = new byte[source.remaining()];
                source.get(copy);
                segment.bytes.write(copy, 0, copy.length);
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (InMemorySegmentStore.this) {
                requireWritable();
                segment.readable = segment.bytes.size();
            }
        }

        @Override
        public void sync() throws IOException {
            synchronized (InMemorySegmentStore.this) {
                requireWritable();
                segment.readable = segment.bytes.size();
                segment.durable = segment.readable;
                syncs++;
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (InMemorySegmentStore.this) {
                if (closed) {
                    return;
                }
                sync();
                closed = true;
                segment.sealed = true;
            }
        }

        private void requireWritable() throws IOException {
            if (closed || segment.sealed) {
                throw new IOException("segment " + number + " is " + (closed ? "closed" : "sealed"));
            }
            if (!segments.containsValue(segment)) {
                throw new FileNotFoundException("segment " + number + " was deleted");
            }
        }
    }
}
