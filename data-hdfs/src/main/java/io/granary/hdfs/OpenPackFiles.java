package io.granary.hdfs;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Input streams of pack files kept open between reads, so that a GET of a packed object costs one
 * positional read instead of an open (a NameNode call, and for a pack still being written a call
 * to a DataNode for its visible length) plus a read.
 *
 * <p>Positional reads ({@code readFully(position, …)}) do not move a stream's position, and HDFS
 * serves them concurrently, so any number of readers share one stream. A stream sees the file as it
 * was when opened: a reader that finds a pack shorter than its extent {@link #retire}s the stream
 * and opens it again. At most {@code capacity} streams stay open; the least recently used beyond
 * that are closed once their last reader is done.
 *
 * <p>Thread-safe. After {@link #close()} no stream is handed out.
 */
final class OpenPackFiles implements Closeable {
    private final FileSystem fs;
    private final int capacity;
    /** In access order, so that the first entries are the least recently used. */
    private final Map<Path, Use> open = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    OpenPackFiles(FileSystem fs, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.fs = fs;
        this.capacity = capacity;
    }

    /** One reader's use of an open stream; close it when done. */
    final class Use implements AutoCloseable {
        private final Path pack;
        private final FSDataInputStream in;
        private int readers;
        private boolean retired;

        private Use(Path pack, FSDataInputStream in) {
            this.pack = pack;
            this.in = in;
        }

        FSDataInputStream stream() {
            return in;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    /** A use of an open stream of {@code pack}, opening one if none is open. */
    Use acquire(Path pack) throws IOException {
        synchronized (this) {
            requireOpen();
            Use use = open.get(pack);
            if (use != null) {
                use.readers++;
                return use;
            }
        }
        // Opened outside the lock: it is a call to the NameNode, and other packs' readers need not wait.
        FSDataInputStream in = fs.open(pack);
        List<Use> evicted = new ArrayList<>();
        Use use;
        synchronized (this) {
            if (closed) {
                in.close();
                requireOpen();
            }
            use = open.get(pack);
            if (use == null) {
                use = new Use(pack, in);
                open.put(pack, use);
                evictBeyondCapacity(evicted);
            } else {
                evicted.add(new Use(pack, in)); // lost a race to open it: close ours
            }
            use.readers++;
        }
        closeAll(evicted);
        return use;
    }

    /**
     * Stops handing out {@code use}'s stream (it no longer sees the whole file, or it failed); the
     * next {@link #acquire} opens the file again.
     */
    void retire(Use use) {
        synchronized (this) {
            if (open.get(use.pack) == use) {
                open.remove(use.pack);
            }
            use.retired = true;
        }
    }

    /** How many streams are open for new readers. */
    synchronized int size() {
        return open.size();
    }

    @Override
    public void close() {
        List<Use> idle = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Use use : open.values()) {
                use.retired = true;
                if (use.readers == 0) {
                    idle.add(use);
                }
            }
            open.clear();
        }
        closeAll(idle);
    }

    private void release(Use use) {
        boolean last;
        synchronized (this) {
            use.readers--;
            last = use.retired && use.readers == 0;
        }
        if (last) {
            closeAll(List.of(use));
        }
    }

    /** Retires the least recently used streams beyond the capacity; adds the idle ones to {@code idle}. */
    private void evictBeyondCapacity(List<Use> idle) {
        Iterator<Use> oldest = open.values().iterator();
        while (open.size() > capacity && oldest.hasNext()) {
            Use use = oldest.next();
            oldest.remove();
            use.retired = true;
            if (use.readers == 0) {
                idle.add(use);
            }
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("the blob store is closed");
        }
    }

    private static void closeAll(List<Use> uses) {
        for (Use use : uses) {
            try {
                use.in.close();
            } catch (IOException e) {
                // A stream that was only read from has nothing to lose on close.
            }
        }
    }
}
