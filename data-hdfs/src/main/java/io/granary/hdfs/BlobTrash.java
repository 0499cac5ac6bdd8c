package io.granary.hdfs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The trash of released large blobs. A release renames the file into {@code trash/} (readers that
 * already opened it keep reading; a rename moves no data), stamping its modification time with the
 * store's clock; {@link #purge()} deletes entries whose stamp is older than the grace period.
 */
final class BlobTrash {
    private final FileSystem fs;
    private final StoreLayout layout;
    private final Duration grace;
    private final Clock clock;
    private final StoreCounters counters;

    BlobTrash(FileSystem fs, StoreLayout layout, Duration grace, Clock clock, StoreCounters counters) {
        this.fs = fs;
        this.layout = layout;
        this.grace = grace;
        this.clock = clock;
        this.counters = counters;
    }

    /** Moves the live file of {@code id} to the trash; does nothing if it is not live (released before). */
    void moveToTrash(FileId id) throws IOException {
        Path live = layout.blob(id);
        try {
            // Stamped before the move, so an entry in the trash always carries its release time.
            fs.setTimes(live, clock.millis(), -1);
            if (fs.rename(live, layout.trashedBlob(id))) {
                counters.blobsTrashed.increment();
                return;
            }
        } catch (FileNotFoundException e) {
            return;
        }
        if (fs.exists(live)) {
            throw new IOException("could not move " + live + " to the trash");
        }
    }

    /** Deletes the trash entries released more than the grace period ago; returns how many. */
    int purge() throws IOException {
        long now = clock.millis();
        int purged = 0;
        RemoteIterator<FileStatus> entries = fs.listStatusIterator(layout.trash());
        while (entries.hasNext()) {
            FileStatus entry = entries.next();
            if (entry.isFile() && now - entry.getModificationTime() > grace.toMillis()
                    && fs.delete(entry.getPath(), false)) {
                purged++;
                counters.trashPurged.increment();
            }
        }
        return purged;
    }
}
