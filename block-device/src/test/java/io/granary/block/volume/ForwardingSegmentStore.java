package io.granary.block.volume;

import io.granary.core.block.SegmentStore;
import io.granary.core.block.SegmentWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** A segment store that passes every call to another; tests override the calls they interfere with. */
class ForwardingSegmentStore implements SegmentStore {
    private final SegmentStore delegate;

    ForwardingSegmentStore(SegmentStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public SegmentWriter create(long volume, long segment) throws IOException {
        return delegate.create(volume, segment);
    }

    @Override
    public int read(long volume, long segment, long position, ByteBuffer destination) throws IOException {
        return delegate.read(volume, segment, position, destination);
    }

    @Override
    public long seal(long volume, long segment) throws IOException {
        return delegate.seal(volume, segment);
    }

    @Override
    public long length(long volume, long segment) throws IOException {
        return delegate.length(volume, segment);
    }

    @Override
    public List<Long> list(long volume) throws IOException {
        return delegate.list(volume);
    }

    @Override
    public void delete(long volume, long segment) throws IOException {
        delegate.delete(volume, segment);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
