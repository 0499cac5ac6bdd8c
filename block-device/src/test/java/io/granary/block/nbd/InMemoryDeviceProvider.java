package io.granary.block.nbd;

import io.granary.block.BlockDevice;
import io.granary.block.BlockDevice.Allocation;
import io.granary.block.BlockDeviceProvider;
import io.granary.block.DeviceBusyException;
import io.granary.block.ReadOnlyDeviceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A test double of the block service: sparse in-memory volumes of 4096-byte pages, shared by all
 * handles of a volume (so a flush covers every handle). Honours the {@link BlockDevice} contract:
 * thread-safe, byte granular, unwritten and trimmed ranges read as zeroes, read-only volumes
 * refuse changes, and a volume may be held by another writer (busy).
 */
final class InMemoryDeviceProvider implements BlockDeviceProvider {
    static final int PAGE = 4096;
    /** allocation() describes at most this many bytes per call (a prefix is allowed). */
    private static final long ALLOCATION_SCAN_LIMIT = 256L * 1024 * 1024;

    private final Map<String, Volume> volumes = new ConcurrentSkipListMap<>();
    private final AtomicInteger openHandles = new AtomicInteger();
    private final AtomicInteger peakOpenHandles = new AtomicInteger();

    Volume add(String name, long size, boolean readOnly) {
        Volume volume = new Volume(name, size, readOnly);
        volumes.put(name, volume);
        return volume;
    }

    Volume volume(String name) {
        return volumes.get(name);
    }

    /** The most handles that were open at once. */
    int peakOpenHandles() {
        return peakOpenHandles.get();
    }

    /** Handles opened and not yet closed, over all volumes. */
    int openHandles() {
        return openHandles.get();
    }

    @Override
    public List<String> names() {
        return List.copyOf(volumes.keySet());
    }

    @Override
    public Optional<BlockDevice> open(String name) throws IOException {
        Volume volume = volumes.get(name);
        if (volume == null) {
            return Optional.empty();
        }
        String holder = volume.heldBy;
        if (holder != null && !volume.readOnly) {
            throw new DeviceBusyException(name, holder);
        }
        peakOpenHandles.accumulateAndGet(openHandles.incrementAndGet(), Math::max);
        return Optional.of(volume.new Handle());
    }

    /** One volume: its pages and counters that tests assert on. */
    final class Volume {
        final String name;
        final long size;
        final boolean readOnly;
        private final Map<Long, byte[]> pages = new ConcurrentHashMap<>();
        private final ReadWriteLock lock = new ReentrantReadWriteLock();
        final AtomicLong mutations = new AtomicLong();
        final AtomicLong flushes = new AtomicLong();
        final AtomicLong durableWrites = new AtomicLong();
        volatile String heldBy;
        /** When set, writes wait at this gate until it opens (to hold requests in flight). */
        volatile CountDownLatch writeGate;
        final AtomicInteger writesInside = new AtomicInteger();
        final AtomicInteger peakWritesInside = new AtomicInteger();

        Volume(String name, long size, boolean readOnly) {
            this.name = name;
            this.size = size;
            this.readOnly = readOnly;
        }

        /** A copy of the volume's bytes (for small test volumes). */
        byte[] contents() {
            byte[] all = new byte[Math.toIntExact(size)];
            read(0, ByteBuffer.wrap(all));
            return all;
        }

        /** Sets bytes directly, as if written before the test. */
        void fill(long offset, byte[] bytes) {
            write(offset, ByteBuffer.wrap(bytes));
        }

        private void read(long offset, ByteBuffer destination) {
            lock.readLock().lock();
            try {
                long position = offset;
                while (destination.hasRemaining()) {
                    long page = position / PAGE;
                    int within = (int) (position % PAGE);
                    int count = Math.min(PAGE - within, destination.remaining());
                    byte[] bytes = pages.get(page);
                    if (bytes == null) {
                        destination.put(new byte[count]);
                    } else {
                        destination.put(bytes, within, count);
                    }
                    position += count;
                }
            } finally {
                lock.readLock().unlock();
            }
        }

        private void write(long offset, ByteBuffer source) {
            lock.writeLock().lock();
            try {
                long position = offset;
                while (source.hasRemaining()) {
                    long page = position / PAGE;
                    int within = (int) (position % PAGE);
                    int count = Math.min(PAGE - within, source.remaining());
                    source.get(pages.computeIfAbsent(page, p -> new byte[PAGE]), within, count);
                    position += count;
                }
            } finally {
                lock.writeLock().unlock();
            }
        }

        private void zero(long offset, long length, boolean deallocate) {
            lock.writeLock().lock();
            try {
                long position = offset;
                long end = offset + length;
                while (position < end) {
                    long page = position / PAGE;
                    int within = (int) (position % PAGE);
                    int count = (int) Math.min(PAGE - within, end - position);
                    if (deallocate && count == PAGE) {
                        pages.remove(page);
                    } else {
                        byte[] bytes = deallocate ? pages.get(page) : pages.computeIfAbsent(page, p -> new byte[PAGE]);
                        if (bytes != null) {
                            Arrays.fill(bytes, within, within + count, (byte) 0);
                        }
                    }
                    position += count;
                }
            } finally {
                lock.writeLock().unlock();
            }
        }

        private List<Allocation> allocation(long offset, long length) {
            lock.readLock().lock();
            try {
                List<Allocation> extents = new ArrayList<>();
                long end = offset + Math.min(length, ALLOCATION_SCAN_LIMIT);
                long position = offset;
                long runLength = 0;
                boolean runHole = false;
                while (position < end) {
                    long page = position / PAGE;
                    int within = (int) (position % PAGE);
                    long count = Math.min(PAGE - within, end - position);
                    boolean hole = !pages.containsKey(page);
                    if (runLength > 0 && hole != runHole) {
                        extents.add(new Allocation(runLength, runHole, runHole));
                        runLength = 0;
                    }
                    runHole = hole;
                    runLength += count;
                    position += count;
                }
                extents.add(new Allocation(runLength, runHole, runHole));
                return extents;
            } finally {
                lock.readLock().unlock();
            }
        }

        /** One open handle of the volume. */
        final class Handle implements BlockDevice {
            private volatile boolean closed;

            @Override
            public long size() {
                return size;
            }

            @Override
            public boolean readOnly() {
                return readOnly;
            }

            @Override
            public boolean flushCoversAllHandles() {
                return true;
            }

            @Override
            public void read(long offset, ByteBuffer destination) throws IOException {
                check(offset, destination.remaining(), false);
                Volume.this.read(offset, destination);
            }

            @Override
            public void write(long offset, ByteBuffer source, boolean durable) throws IOException {
                check(offset, source.remaining(), true);
                peakWritesInside.accumulateAndGet(writesInside.incrementAndGet(), Math::max);
                try {
                    CountDownLatch gate = writeGate;
                    if (gate != null) {
                        gate.await();
                    }
                    Volume.this.write(offset, source);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted at the write gate");
                } finally {
                    writesInside.decrementAndGet();
                }
                mutated(durable);
            }

            @Override
            public void flush() throws IOException {
                check(0, 0, false);
                flushes.incrementAndGet();
            }

            @Override
            public void trim(long offset, long length, boolean durable) throws IOException {
                check(offset, length, true);
                zero(offset, length, true);
                mutated(durable);
            }

            @Override
            public void writeZeroes(long offset, long length, boolean mayDeallocate, boolean durable)
                    throws IOException {
                check(offset, length, true);
                zero(offset, length, mayDeallocate);
                mutated(durable);
            }

            @Override
            public List<Allocation> allocation(long offset, long length) throws IOException {
                check(offset, length, false);
                return Volume.this.allocation(offset, length);
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    openHandles.decrementAndGet();
                }
            }

            private void mutated(boolean durable) {
                mutations.incrementAndGet();
                if (durable) {
                    durableWrites.incrementAndGet();
                }
            }

            private void check(long offset, long length, boolean mutating) throws IOException {
                if (closed) {
                    throw new IOException("the handle of " + name + " is closed");
                }
                if (mutating && readOnly) {
                    throw new ReadOnlyDeviceException(name);
                }
                // The server promised to check ranges; a violation here is a server bug.
                if (offset < 0 || length < 0 || offset + length > size) {
                    throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + size);
                }
            }
        }
    }
}
