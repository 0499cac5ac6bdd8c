package io.granary.hdfs;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The running totals behind {@link HdfsBlobStoreStats}; updated from any thread. */
final class StoreCounters {
    final LongAdder packsStarted = new LongAdder();
    final LongAdder extentsAppended = new LongAdder();
    final LongAdder packSyncs = new LongAdder();
    final LongAdder packedBytes = new LongAdder();
    final LongAdder blobFiles = new LongAdder();
    final LongAdder blobBytes = new LongAdder();
    final LongAdder blobsTrashed = new LongAdder();
    final LongAdder trashPurged = new LongAdder();
    private final Map<String, LongAdder> deadBytesByPack = new ConcurrentHashMap<>();

    void packedBlobReleased(FileId pack, long bytes) {
        deadBytesByPack.computeIfAbsent(pack.name(), name -> new LongAdder()).add(bytes);
    }

    /** Dead bytes per pack file name, as far as this instance was told. */
    Map<String, Long> deadBytesByPack() {
        Map<String, Long> copy = new TreeMap<>();
        deadBytesByPack.forEach((name, bytes) -> copy.put(name, bytes.sum()));
        return copy;
    }

    HdfsBlobStoreStats snapshot(int queuedAppends) {
        long dead = deadBytesByPack.values().stream().mapToLong(LongAdder::sum).sum();
        return new HdfsBlobStoreStats(packsStarted.sum(), extentsAppended.sum(), packSyncs.sum(),
                packedBytes.sum(), dead, blobFiles.sum(), blobBytes.sum(), blobsTrashed.sum(),
                trashPurged.sum(), queuedAppends);
    }
}
