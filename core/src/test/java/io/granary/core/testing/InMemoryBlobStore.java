package io.granary.core.testing;

import io.granary.core.spi.BlobRef;
import io.granary.core.spi.BlobStore;
import io.granary.core.spi.BlobWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link BlobStore} in memory, for tests. It counts live blobs so tests can see releases. */
public final class InMemoryBlobStore implements BlobStore {
    private final Map<Long, byte[]> blobs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** How many committed blobs have not been released. */
    public int liveBlobs() {
        return blobs.size();
    }

    @Override
    public BlobWriter create(long length) {
        return new BlobWriter() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void write(byte[] buffer, int offset, int count) throws IOException {
                if (bytes.size() + (long) count > length) {
                    throw new IOException("more than the announced " + length + " bytes");
                }
                bytes.write(buffer, offset, count);
            }

            @Override
            public BlobRef commit() throws IOException {
                if (bytes.size() != length) {
                    throw new IOException(bytes.size() + " bytes written, " + length + " announced");
                }
                long id = ids.incrementAndGet();
                blobs.put(id, bytes.toByteArray());
                return new BlobRef(length, ByteBuffer.allocate(8).putLong(id).array());
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public InputStream open(BlobRef blob, long offset, long length) throws IOException {
        byte[] bytes = blobs.get(ByteBuffer.wrap(blob.handle()).getLong());
        if (bytes == null) {
            throw new IOException("no such blob " + blob);
        }
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("run " + offset + "+" + length + " outside " + bytes.length + " bytes");
        }
        return new ByteArrayInputStream(bytes, (int) offset, (int) length);
    }

    @Override
    public void release(BlobRef blob) {
        blobs.remove(ByteBuffer.wrap(blob.handle()).getLong());
    }

    @Override
    public void close() {
    }
}
