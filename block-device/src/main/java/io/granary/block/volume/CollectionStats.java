package io.granary.block.volume;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the segment collector has done to one volume in this process since it started, whether run
 * on request ({@link VolumeManager#collect}) or in the background ({@link VolumeCollector}).
 * Figures are not persisted: another process, or this one after a restart, starts from zero.
 *
 * @param runs collections attempted, successful or not
 * @param failures runs that failed
 * @param segmentsDeleted segments deleted after their live extents were copied out
 * @param bytesReclaimed bytes the deleted segments took
 * @param bytesCopied live bytes rewritten to reclaim them
 * @param lastRun when the last run ended, if any
 * @param lastError why the last run failed; empty if it succeeded or none ran
 */
public record CollectionStats(long runs, long failures, long segmentsDeleted, long bytesReclaimed, long bytesCopied,
        Optional<Instant> lastRun, Optional<String> lastError) {
    /** No run yet. */
    public static final CollectionStats NONE = new CollectionStats(0, 0, 0, 0, 0, Optional.empty(), Optional.empty());

    public CollectionStats {
        Objects.requireNonNull(lastRun, "lastRun");
        Objects.requireNonNull(lastError, "lastError");
    }

    /** These figures plus one successful run that ended at {@code at}. */
    CollectionStats succeeded(CollectionReport report, Instant at) {
        return new CollectionStats(runs + 1, failures, segmentsDeleted + report.segmentsRemoved(),
                bytesReclaimed + report.bytesFreed(), bytesCopied + report.bytesCopied(), Optional.of(at),
                Optional.empty());
    }

    /** These figures plus one run that failed at {@code at}. */
    CollectionStats failed(Exception error, Instant at) {
        return new CollectionStats(runs + 1, failures + 1, segmentsDeleted, bytesReclaimed, bytesCopied,
                Optional.of(at), Optional.of(String.valueOf(error)));
    }
}
