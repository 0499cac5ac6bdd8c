package io.granary.block.volume;

import io.granary.block.BlockDevice;
import io.granary.block.ReadOnlyDeviceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** A snapshot, read-only: its frozen map over its volume's segments, then its parents. */
final class SnapshotDevice implements BlockDevice {
    private final String name;
    private final Layers layers;
    private volatile boolean closed;

    SnapshotDevice(String name, Layers layers) {
        this.name = name;
        this.layers = layers;
    }

    @Override
    public long size() {
        return layers.size();
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public boolean flushCoversAllHandles() {
        return true;
    }

    @Override
    public void read(long offset, ByteBuffer destination) throws IOException {
        requireOpen();
        layers.read(offset, destination);
    }

    @Override
    public void write(long offset, ByteBuffer source, boolean durable) throws IOException {
        throw new ReadOnlyDeviceException(name);
    }

    /** Nothing to make durable: a snapshot never changes. */
    @Override
    public void flush() throws IOException {
        requireOpen();
    }

    @Override
    public void trim(long offset, long length, boolean durable) throws IOException {
        throw new ReadOnlyDeviceException(name);
    }

    @Override
    public void writeZeroes(long offset, long length, boolean mayDeallocate, boolean durable) throws IOException {
        throw new ReadOnlyDeviceException(name);
    }

    @Override
    public List<Allocation> allocation(long offset, long length) throws IOException {
        requireOpen();
        return layers.allocation(offset, length);
    }

    @Override
    public void close() {
        closed = true;
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException(name + " is closed");
        }
    }
}
