package io.granary.core.testing;

import io.granary.core.block.Checkpoint;
import io.granary.core.block.Lease;
import io.granary.core.block.LeaseOutcome;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeCatalog;
import io.granary.core.block.VolumeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link VolumeCatalog} in memory, for tests. */
public final class InMemoryVolumeCatalog implements VolumeCatalog {
    private record SnapshotName(long volumeId, String name) {
    }

    /** The last lease handed out for a volume; kept after release so epochs are never reused. */
    private record LeaseState(Lease lease, boolean released) {
    }

    private final NavigableMap<String, VolumeRecord> volumes = new TreeMap<>();
    private final NavigableMap<SnapshotName, SnapshotRecord> snapshots = new TreeMap<>(
            (a, b) -> a.volumeId != b.volumeId ? Long.compare(a.volumeId, b.volumeId) : a.name.compareTo(b.name));
    private final Map<SnapshotName, Checkpoint> snapshotMaps = new HashMap<>();
    private final Map<Long, Checkpoint> checkpoints = new HashMap<>();
    private final Map<Long, LeaseState> leases = new HashMap<>();
    private int checkpointWrites;

    /** How many checkpoints were written, for tests of when an engine checkpoints. */
    public synchronized int checkpointWrites() {
        return checkpointWrites;
    }

    @Override
    public synchronized boolean createVolume(VolumeRecord volume) {
        return volumes.putIfAbsent(volume.name(), volume) == null;
    }

    @Override
    public synchronized Optional<VolumeRecord> findVolume(String name) {
        return Optional.ofNullable(volumes.get(name));
    }

    @Override
    public synchronized List<VolumeRecord> listVolumes() {
        return new ArrayList<>(volumes.values());
    }

    @Override
    public synchronized boolean updateVolume(VolumeRecord expected, VolumeRecord updated) {
        if (!expected.name().equals(updated.name()) || expected.id() != updated.id()) {
            throw new IllegalArgumentException("an update keeps the name and id: " + expected + " -> " + updated);
        }
        if (!expected.equals(volumes.get(expected.name()))) {
            return false;
        }
        volumes.put(updated.name(), updated);
        return true;
    }

    @Override
    public synchronized boolean deleteVolume(VolumeRecord expected) {
        if (!expected.equals(volumes.get(expected.name()))) {
            return false;
        }
        volumes.remove(expected.name());
        long id = expected.id();
        snapshots.keySet().removeIf(name -> name.volumeId == id);
        snapshotMaps.keySet().removeIf(name -> name.volumeId == id);
        checkpoints.remove(id);
        leases.remove(id);
        return true;
    }

    @Override
    public synchronized boolean createSnapshot(SnapshotRecord snapshot, Checkpoint map) {
        SnapshotName name = new SnapshotName(snapshot.volumeId(), snapshot.name());
        if (snapshots.putIfAbsent(name, snapshot) != null) {
            return false;
        }
        snapshotMaps.put(name, Objects.requireNonNull(map, "map"));
        return true;
    }

    @Override
    public synchronized Optional<SnapshotRecord> findSnapshot(long volumeId, String name) {
        return Optional.ofNullable(snapshots.get(new SnapshotName(volumeId, name)));
    }

    @Override
    public synchronized Optional<Checkpoint> snapshotMap(long volumeId, String name) {
        return Optional.ofNullable(snapshotMaps.get(new SnapshotName(volumeId, name)));
    }

    @Override
    public synchronized List<SnapshotRecord> listSnapshots(long volumeId) {
        List<SnapshotRecord> found = new ArrayList<>();
        snapshots.forEach((name, snapshot) -> {
            if (name.volumeId == volumeId) {
                found.add(snapshot);
            }
        });
        return found;
    }

    @Override
    public synchronized boolean deleteSnapshot(long volumeId, String name) {
        SnapshotName key = new SnapshotName(volumeId, name);
        snapshotMaps.remove(key);
        return snapshots.remove(key) != null;
    }

    @Override
    public synchronized Optional<Checkpoint> latestCheckpoint(long volumeId) {
        return Optional.ofNullable(checkpoints.get(volumeId));
    }

    @Override
    public synchronized boolean putCheckpoint(Lease writer, Checkpoint checkpoint) {
        LeaseState state = leases.get(writer.volumeId());
        if (state == null || state.released || state.lease.epoch() != writer.epoch()) {
            return false;
        }
        checkpoints.put(writer.volumeId(), Objects.requireNonNull(checkpoint, "checkpoint"));
        checkpointWrites++;
        return true;
    }

    @Override
    public synchronized Optional<Lease> findLease(long volumeId) {
        LeaseState state = leases.get(volumeId);
        return state == null || state.released ? Optional.empty() : Optional.of(state.lease);
    }

    @Override
    public synchronized LeaseOutcome acquireLease(long volumeId, String holder, Instant now, Duration term) {
        LeaseState state = leases.get(volumeId);
        if (state != null && !state.released && state.lease.expires().isAfter(now)) {
            return LeaseOutcome.heldBy(state.lease);
        }
        long epoch = state == null ? 1 : state.lease.epoch() + 1;
        Lease lease = new Lease(volumeId, holder, epoch, now.plus(term));
        leases.put(volumeId, new LeaseState(lease, false));
        return LeaseOutcome.acquired(lease);
    }

    @Override
    public synchronized Optional<Lease> renewLease(Lease held, Instant now, Duration term) {
        LeaseState state = leases.get(held.volumeId());
        if (state == null || state.released || state.lease.epoch() != held.epoch()) {
            return Optional.empty();
        }
        Lease renewed = new Lease(held.volumeId(), held.holder(), held.epoch(), now.plus(term));
        leases.put(held.volumeId(), new LeaseState(renewed, false));
        return Optional.of(renewed);
    }

    @Override
    public synchronized void releaseLease(Lease held) {
        LeaseState state = leases.get(held.volumeId());
        if (state != null && !state.released && state.lease.epoch() == held.epoch()) {
            leases.put(held.volumeId(), new LeaseState(state.lease, true));
        }
    }

    @Override
    public void close() {
    }
}
