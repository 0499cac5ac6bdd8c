package io.granary.metadata.hbase;

import io.granary.core.block.Checkpoint;
import io.granary.core.block.Lease;
import io.granary.core.block.LeaseOutcome;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeCatalog;
import io.granary.core.block.VolumeRecord;
import io.granary.metadata.hbase.VolumeRowCodec.CheckpointHeader;
import io.granary.metadata.hbase.VolumeRowCodec.StoredLease;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;

/**
 * Block volumes in the {@code volumes} table, family {@code v}:
 *
 * <ul>
 *   <li>{@code 'n' ‖ UTF-8 name}: cell {@code r}, the volume record. Created with
 *       {@code checkAndMutate} if absent, changed and deleted if unchanged.
 *   <li>{@code 'i' ‖ volume id (8 bytes)}: cell {@code l}, the lease (kept after release, so epochs
 *       only grow); cell {@code e}, the current epoch alone (8 bytes, -1 once released), which
 *       every checkpoint write is conditioned on; cell {@code h}, the checkpoint header; cells
 *       {@code c ‖ chunk number (4 bytes)}, the checkpoint's map in chunks of 4 MiB.
 *   <li>{@code 's' ‖ volume id ‖ UTF-8 snapshot name}: cell {@code r}, the snapshot record, with
 *       its frozen map in {@code h} and {@code c…} cells as above.
 * </ul>
 *
 * Every change of one row is one atomic {@code checkAndMutate}; a checkpoint of any size replaces the
 * previous one in one row mutation. Thread-safe.
 */
final class HBaseVolumeCatalog implements VolumeCatalog {
    private static final byte NAME_ROW = 'n';
    private static final byte ID_ROW = 'i';
    private static final byte SNAPSHOT_ROW = 's';
    private static final byte[] RECORD = ascii("r");
    private static final byte[] LEASE = ascii("l");
    private static final byte[] EPOCH = ascii("e");
    private static final byte[] HEADER = ascii("h");
    private static final byte CHUNK_PREFIX = 'c';
    private static final int CHUNK = 4 << 20;
    private static final long RELEASED = -1;

    private final Connection connection;
    private final Schema schema;

    HBaseVolumeCatalog(Connection connection, Schema schema) {
        this.connection = connection;
        this.schema = schema;
    }

    @Override
    public boolean createVolume(VolumeRecord volume) {
        return HBaseErrors.call("CreateVolume", () -> {
            try (Table table = table()) {
                byte[] row = nameRow(volume.name());
                return table.checkAndMutate(CheckAndMutate.newBuilder(row).ifNotExists(Schema.VOLUME_FAMILY, RECORD)
                        .build(new Put(row).addColumn(Schema.VOLUME_FAMILY, RECORD, VolumeRowCodec.encode(volume))))
                        .isSuccess();
            }
        });
    }

    @Override
    public Optional<VolumeRecord> findVolume(String name) {
        return HBaseErrors.call("FindVolume", () -> {
            try (Table table = table()) {
                byte[] value = table.get(new Get(nameRow(name)).addColumn(Schema.VOLUME_FAMILY, RECORD))
                        .getValue(Schema.VOLUME_FAMILY, RECORD);
                return Optional.ofNullable(value).map(VolumeRowCodec::decodeVolume);
            }
        });
    }

    @Override
    public List<VolumeRecord> listVolumes() {
        return HBaseErrors.call("ListVolumes", () -> {
            List<VolumeRecord> volumes = new ArrayList<>();
            for (Result result : scan(new byte[] {NAME_ROW}, RECORD)) {
                volumes.add(VolumeRowCodec.decodeVolume(result.getValue(Schema.VOLUME_FAMILY, RECORD)));
            }
            return volumes;
        });
    }

    @Override
    public boolean updateVolume(VolumeRecord expected, VolumeRecord updated) {
        if (!expected.name().equals(updated.name()) || expected.id() != updated.id()) {
            throw new IllegalArgumentException("an update keeps the name and id: " + expected + " -> " + updated);
        }
        return HBaseErrors.call("UpdateVolume", () -> {
            try (Table table = table()) {
                byte[] row = nameRow(expected.name());
                return table.checkAndMutate(CheckAndMutate.newBuilder(row)
                        .ifEquals(Schema.VOLUME_FAMILY, RECORD, VolumeRowCodec.encode(expected))
                        .build(new Put(row).addColumn(Schema.VOLUME_FAMILY, RECORD, VolumeRowCodec.encode(updated))))
                        .isSuccess();
            }
        });
    }

    @Override
    public boolean deleteVolume(VolumeRecord expected) {
        return HBaseErrors.call("DeleteVolume", () -> {
            try (Table table = table()) {
                byte[] row = nameRow(expected.name());
                if (!table.checkAndMutate(CheckAndMutate.newBuilder(row)
                        .ifEquals(Schema.VOLUME_FAMILY, RECORD, VolumeRowCodec.encode(expected))
                        .build(new Delete(row))).isSuccess()) {
                    return false;
                }
                // Unreachable from here on (ids are never reused), so these need no condition.
                List<Delete> deletes = new ArrayList<>();
                deletes.add(new Delete(idRow(expected.id())));
                for (Result snapshot : scan(snapshotPrefix(expected.id()), RECORD)) {
                    deletes.add(new Delete(snapshot.getRow()));
                }
                table.delete(deletes);
                return true;
            }
        });
    }

    @Override
    public boolean createSnapshot(SnapshotRecord snapshot, Checkpoint map) {
        return HBaseErrors.call("CreateSnapshot", () -> {
            try (Table table = table()) {
                byte[] row = snapshotRow(snapshot.volumeId(), snapshot.name());
                Put put = new Put(row).addColumn(Schema.VOLUME_FAMILY, RECORD, VolumeRowCodec.encode(snapshot));
                addCheckpoint(put, map);
                return table.checkAndMutate(CheckAndMutate.newBuilder(row).ifNotExists(Schema.VOLUME_FAMILY, RECORD)
                        .build(put)).isSuccess();
            }
        });
    }

    @Override
    public Optional<SnapshotRecord> findSnapshot(long volumeId, String name) {
        return HBaseErrors.call("FindSnapshot", () -> {
            try (Table table = table()) {
                byte[] value = table.get(new Get(snapshotRow(volumeId, name)).addColumn(Schema.VOLUME_FAMILY, RECORD))
                        .getValue(Schema.VOLUME_FAMILY, RECORD);
                return Optional.ofNullable(value).map(VolumeRowCodec::decodeSnapshot);
            }
        });
    }

    @Override
    public Optional<Checkpoint> snapshotMap(long volumeId, String name) {
        return HBaseErrors.call("GetSnapshotMap", () -> readCheckpoint(snapshotRow(volumeId, name)));
    }

    @Override
    public List<SnapshotRecord> listSnapshots(long volumeId) {
        return HBaseErrors.call("ListSnapshots", () -> {
            List<SnapshotRecord> snapshots = new ArrayList<>();
            for (Result result : scan(snapshotPrefix(volumeId), RECORD)) {
                snapshots.add(VolumeRowCodec.decodeSnapshot(result.getValue(Schema.VOLUME_FAMILY, RECORD)));
            }
            return snapshots;
        });
    }

    @Override
    public boolean deleteSnapshot(long volumeId, String name) {
        return HBaseErrors.call("DeleteSnapshot", () -> {
            try (Table table = table()) {
                byte[] row = snapshotRow(volumeId, name);
                Result current = table.get(new Get(row).addColumn(Schema.VOLUME_FAMILY, RECORD));
                byte[] record = current.getValue(Schema.VOLUME_FAMILY, RECORD);
                if (record == null) {
                    return false;
                }
                return table.checkAndMutate(CheckAndMutate.newBuilder(row)
                        .ifEquals(Schema.VOLUME_FAMILY, RECORD, record).build(new Delete(row))).isSuccess();
            }
        });
    }

    @Override
    public Optional<Checkpoint> latestCheckpoint(long volumeId) {
        return HBaseErrors.call("GetCheckpoint", () -> readCheckpoint(idRow(volumeId)));
    }

    @Override
    public boolean putCheckpoint(Lease writer, Checkpoint checkpoint) {
        return HBaseErrors.call("PutCheckpoint", () -> {
            try (Table table = table()) {
                byte[] row = idRow(writer.volumeId());
                // Only the epoch's holder writes checkpoints, so the old chunk count read here is
                // still right when the conditional mutation below runs.
                byte[] oldHeader = table.get(new Get(row).addColumn(Schema.VOLUME_FAMILY, HEADER))
                        .getValue(Schema.VOLUME_FAMILY, HEADER);
                int oldChunks = oldHeader == null ? 0 : VolumeRowCodec.decodeCheckpointHeader(oldHeader).chunks();
                Put put = new Put(row);
                int chunks = addCheckpoint(put, checkpoint);
                List<Mutation> changes = new ArrayList<>();
                changes.add(put);
                if (oldChunks > chunks) {
                    Delete stale = new Delete(row);
                    for (int i = chunks; i < oldChunks; i++) {
                        stale.addColumns(Schema.VOLUME_FAMILY, chunkQualifier(i));
                    }
                    changes.add(stale);
                }
                RowMutations mutations = RowMutations.of(changes);
                return table.checkAndMutate(CheckAndMutate.newBuilder(row)
                        .ifEquals(Schema.VOLUME_FAMILY, EPOCH, epochBytes(writer.epoch())).build(mutations)).isSuccess();
            }
        });
    }

    @Override
    public Optional<Lease> findLease(long volumeId) {
        return HBaseErrors.call("FindLease", () -> {
            try (Table table = table()) {
                return readLease(table, idRow(volumeId)).filter(stored -> !stored.released()).map(StoredLease::lease);
            }
        });
    }

    @Override
    public LeaseOutcome acquireLease(long volumeId, String holder, Instant now, Duration term) {
        return HBaseErrors.call("AcquireLease", () -> {
            try (Table table = table()) {
                byte[] row = idRow(volumeId);
                while (true) {
                    byte[] current = readLeaseCell(table, row);
                    StoredLease stored = current == null ? null : VolumeRowCodec.decodeLease(current);
                    if (stored != null && !stored.released() && stored.lease().expires().isAfter(now)) {
                        return LeaseOutcome.heldBy(stored.lease());
                    }
                    long epoch = stored == null ? 1 : stored.lease().epoch() + 1;
                    Lease lease = new Lease(volumeId, holder, epoch, now.plus(term));
                    Put put = new Put(row)
                            .addColumn(Schema.VOLUME_FAMILY, LEASE, VolumeRowCodec.encode(new StoredLease(lease, false)))
                            .addColumn(Schema.VOLUME_FAMILY, EPOCH, epochBytes(epoch));
                    if (replaceLeaseCell(table, row, current, put)) {
                        return LeaseOutcome.acquired(lease);
                    }
                    // Another process changed the lease between our read and write: look again.
                }
            }
        });
    }

    @Override
    public Optional<Lease> renewLease(Lease held, Instant now, Duration term) {
        return HBaseErrors.call("RenewLease", () -> {
            try (Table table = table()) {
                byte[] row = idRow(held.volumeId());
                while (true) {
                    byte[] current = readLeaseCell(table, row);
                    if (current == null || !isCurrent(VolumeRowCodec.decodeLease(current), held)) {
                        return Optional.empty();
                    }
                    Lease renewed = new Lease(held.volumeId(), held.holder(), held.epoch(), now.plus(term));
                    Put put = new Put(row).addColumn(Schema.VOLUME_FAMILY, LEASE,
                            VolumeRowCodec.encode(new StoredLease(renewed, false)));
                    if (replaceLeaseCell(table, row, current, put)) {
                        return Optional.of(renewed);
                    }
                }
            }
        });
    }

    @Override
    public void releaseLease(Lease held) {
        HBaseErrors.call("ReleaseLease", () -> {
            try (Table table = table()) {
                byte[] row = idRow(held.volumeId());
                while (true) {
                    byte[] current = readLeaseCell(table, row);
                    if (current == null) {
                        return null;
                    }
                    StoredLease stored = VolumeRowCodec.decodeLease(current);
                    if (!isCurrent(stored, held)) {
                        return null;
                    }
                    Put put = new Put(row)
                            .addColumn(Schema.VOLUME_FAMILY, LEASE,
                                    VolumeRowCodec.encode(new StoredLease(stored.lease(), true)))
                            .addColumn(Schema.VOLUME_FAMILY, EPOCH, epochBytes(RELEASED));
                    if (replaceLeaseCell(table, row, current, put)) {
                        return null;
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        // A view of HBaseMetadata's connection, which closes it.
    }

    private static boolean isCurrent(StoredLease stored, Lease held) {
        return !stored.released() && stored.lease().epoch() == held.epoch();
    }

    private Optional<StoredLease> readLease(Table table, byte[] row) throws IOException {
        return Optional.ofNullable(readLeaseCell(table, row)).map(VolumeRowCodec::decodeLease);
    }

    private static byte[] readLeaseCell(Table table, byte[] row) throws IOException {
        return table.get(new Get(row).addColumn(Schema.VOLUME_FAMILY, LEASE)).getValue(Schema.VOLUME_FAMILY, LEASE);
    }

    private static boolean replaceLeaseCell(Table table, byte[] row, byte[] current, Put put) throws IOException {
        CheckAndMutate.Builder condition = CheckAndMutate.newBuilder(row);
        CheckAndMutate change = current == null
                ? condition.ifNotExists(Schema.VOLUME_FAMILY, LEASE).build(put)
                : condition.ifEquals(Schema.VOLUME_FAMILY, LEASE, current).build(put);
        return table.checkAndMutate(change).isSuccess();
    }

    /** Adds the checkpoint's header and chunk cells to {@code put}; returns the chunk count. */
    private static int addCheckpoint(Put put, Checkpoint checkpoint) {
        byte[] extents = checkpoint.extents();
        int chunks = (extents.length + CHUNK - 1) / CHUNK;
        put.addColumn(Schema.VOLUME_FAMILY, HEADER, VolumeRowCodec.encode(new CheckpointHeader(checkpoint.sequence(),
                checkpoint.replaySegment(), checkpoint.replayPosition(), chunks, extents.length)));
        for (int i = 0; i < chunks; i++) {
            int from = i * CHUNK;
            byte[] chunk = Arrays.copyOfRange(extents, from, Math.min(extents.length, from + CHUNK));
            put.addColumn(Schema.VOLUME_FAMILY, chunkQualifier(i), chunk);
        }
        return chunks;
    }

    private Optional<Checkpoint> readCheckpoint(byte[] row) throws IOException {
        try (Table table = table()) {
            Result result = table.get(new Get(row).addFamily(Schema.VOLUME_FAMILY));
            byte[] headerBytes = result.getValue(Schema.VOLUME_FAMILY, HEADER);
            if (headerBytes == null) {
                return Optional.empty();
            }
            CheckpointHeader header = VolumeRowCodec.decodeCheckpointHeader(headerBytes);
            ByteArrayOutputStream extents = new ByteArrayOutputStream((int) Math.min(header.length(), CHUNK));
            for (int i = 0; i < header.chunks(); i++) {
                byte[] chunk = result.getValue(Schema.VOLUME_FAMILY, chunkQualifier(i));
                if (chunk == null) {
                    throw new MalformedRowException("checkpoint chunk " + i + " of " + header.chunks() + " is missing");
                }
                extents.write(chunk, 0, chunk.length);
            }
            if (extents.size() != header.length()) {
                throw new MalformedRowException("checkpoint of " + extents.size() + " bytes, " + header.length()
                        + " announced");
            }
            return Optional.of(new Checkpoint(header.sequence(), header.replaySegment(), header.replayPosition(),
                    extents.toByteArray()));
        }
    }

    private List<Result> scan(byte[] prefix, byte[] qualifier) throws IOException {
        List<Result> results = new ArrayList<>();
        try (Table table = table();
                ResultScanner scanner = table.getScanner(new Scan().setStartStopRowForPrefixScan(prefix)
                        .addColumn(Schema.VOLUME_FAMILY, qualifier).setCaching(500))) {
            for (Result result = scanner.next(); result != null; result = scanner.next()) {
                results.add(result);
            }
        }
        return results;
    }

    private Table table() throws IOException {
        return connection.getTable(schema.volumes());
    }

    private static byte[] nameRow(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + utf8.length).put(NAME_ROW).put(utf8).array();
    }

    private static byte[] idRow(long volumeId) {
        return ByteBuffer.allocate(9).put(ID_ROW).putLong(volumeId).array();
    }

    private static byte[] snapshotPrefix(long volumeId) {
        return ByteBuffer.allocate(9).put(SNAPSHOT_ROW).putLong(volumeId).array();
    }

    private static byte[] snapshotRow(long volumeId, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(9 + utf8.length).put(SNAPSHOT_ROW).putLong(volumeId).put(utf8).array();
    }

    private static byte[] chunkQualifier(int index) {
        return ByteBuffer.allocate(5).put(CHUNK_PREFIX).putInt(index).array();
    }

    private static byte[] epochBytes(long epoch) {
        return ByteBuffer.allocate(8).putLong(epoch).array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
