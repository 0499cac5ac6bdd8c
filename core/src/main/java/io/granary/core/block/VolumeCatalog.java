package io.granary.core.block;

import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The records of block volumes: volumes by name, their snapshots, the latest extent-map checkpoint
 * of each volume, and the writer lease of each volume. The catalog keeps records only; segment
 * data is in a {@link SegmentStore}.
 *
 * <p>Every change of one volume record, of one lease or checkpoint is atomic; changes that depend
 * on what is there are conditional ({@code createVolume} if absent, {@code updateVolume} and
 * {@code deleteVolume} if unchanged, {@code putCheckpoint} if the writer's lease epoch is still the
 * current one) so that concurrent managers and writers never lose each other's changes silently.
 *
 * <p>Implementations are thread-safe. Failures of the backing store surface as
 * {@link io.granary.core.StoreException} with {@link io.granary.core.StoreError#UNAVAILABLE} or
 * {@link io.granary.core.StoreError#INTERNAL}.
 */
public interface VolumeCatalog extends Closeable {
    /**
     * Records a new volume.
     *
     * @return false, changing nothing, if a volume of that name exists
     */
    boolean createVolume(VolumeRecord volume);

    Optional<VolumeRecord> findVolume(String name);

    /** Every volume, in name order (UTF-16 order of names, which are ASCII). */
    List<VolumeRecord> listVolumes();

    /**
     * Replaces {@code expected} by {@code updated} (same name and id) if the record is still exactly
     * {@code expected}.
     *
     * @return whether it did
     */
    boolean updateVolume(VolumeRecord expected, VolumeRecord updated);

    /**
     * Removes the volume if its record is still exactly {@code expected}, together with everything
     * kept under its id: its snapshots, checkpoint and lease.
     *
     * @return whether it did
     */
    boolean deleteVolume(VolumeRecord expected);

    /**
     * Records a snapshot with its frozen extent map.
     *
     * @return false, changing nothing, if the volume has a snapshot of that name
     */
    boolean createSnapshot(SnapshotRecord snapshot, Checkpoint map);

    Optional<SnapshotRecord> findSnapshot(long volumeId, String name);

    /** The frozen map of a snapshot, empty if there is no such snapshot. */
    Optional<Checkpoint> snapshotMap(long volumeId, String name);

    /** The volume's snapshots, in name order. */
    List<SnapshotRecord> listSnapshots(long volumeId);

    /**
     * Removes a snapshot and its map.
     *
     * @return whether there was one to remove
     */
    boolean deleteSnapshot(long volumeId, String name);

    /** The volume's latest checkpoint, empty if none was written. */
    Optional<Checkpoint> latestCheckpoint(long volumeId);

    /**
     * Replaces the volume's checkpoint if {@code writer}'s epoch is still the volume's current lease
     * epoch (whether or not the lease has expired by the clock: only a new holder fences).
     *
     * @return false, changing nothing, if the writer was fenced off
     */
    boolean putCheckpoint(Lease writer, Checkpoint checkpoint);

    /** The volume's current lease, empty if none was ever taken or the last one was released. */
    Optional<Lease> findLease(long volumeId);

    /**
     * Takes the volume's lease for {@code holder} until {@code now + term}, with an epoch one above
     * the last one handed out for this volume, if nobody holds it, it was released, or it expired
     * before {@code now}.
     */
    LeaseOutcome acquireLease(long volumeId, String holder, Instant now, Duration term);

    /**
     * Extends {@code held} to {@code now + term} if its epoch is still the current one.
     *
     * @return the renewed lease, or empty if the holder was fenced off
     */
    Optional<Lease> renewLease(Lease held, Instant now, Duration term);

    /** Gives up {@code held} if its epoch is still the current one; does nothing otherwise. */
    void releaseLease(Lease held);
}
