package io.granary.block.volume;

import io.granary.block.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One handle on a volume open for writing. Every handle of a volume in this process shares one
 * {@link LogVolume}, so a flush through any of them covers the writes of all.
 */
final class VolumeDevice implements BlockDevice {
    /** Called once when a handle closes. */
    @FunctionalInterface
    interface Release {
        void release() throws IOException;
    }

    private final LogVolume volume;
    private final long size;
    private final Release release;
    private final AtomicBoolean closed = new AtomicBoolean();

    VolumeDevice(LogVolume volume, Release release) {
        this.volume = volume;
        this.size = volume.size();
        this.release = release;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public boolean flushCoversAllHandles() {
        return true;
    }

    @Override
    public void read(long offset, ByteBuffer destination) throws IOException {
        requireOpen();
        volume.read(offset, destination);
    }

    @Override
    public void write(long offset, ByteBuffer source, boolean durable) throws IOException {
        requireOpen();
        volume.write(offset, source, durable);
    }

    @Override
    public void flush() throws IOException {
        requireOpen();
        volume.flush();
    }

    @Override
    public void trim(long offset, long length, boolean durable) throws IOException {
        requireOpen();
        volume.zero(offset, length, Extent.Kind.HOLE, durable);
    }

    @Override
    public void writeZeroes(long offset, long length, boolean mayDeallocate, boolean durable) throws IOException {
        requireOpen();
        volume.zero(offset, length, mayDeallocate ? Extent.Kind.HOLE : Extent.Kind.ZERO, durable);
    }

    @Override
    public List<Allocation> allocation(long offset, long length) throws IOException {
        requireOpen();
        return volume.allocation(offset, length);
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            release.release();
        }
    }

    private void requireOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("this handle of volume " + volume.name() + " is closed");
        }
    }
}
