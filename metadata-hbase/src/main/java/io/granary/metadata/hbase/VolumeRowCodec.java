package io.granary.metadata.hbase;

import io.granary.core.block.Lease;
import io.granary.core.block.ParentSnapshot;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeRecord;
import io.granary.core.block.VolumeState;
import java.util.Optional;

/**
 * Cell values of the {@code volumes} table: volume records, snapshot records, leases and checkpoint
 * headers, each starting with a format byte. Encodings are deterministic, so equal records encode to
 * equal bytes and conditional writes can compare cells.
 */
final class VolumeRowCodec {
    private static final int FORMAT = 1;

    /** A lease as stored: released leases stay, so the next holder's epoch is one above. */
    record StoredLease(Lease lease, boolean released) {
    }

    /** What a checkpoint's header cell holds; the map follows in chunk cells. */
    record CheckpointHeader(long sequence, long replaySegment, long replayPosition, int chunks, long length) {
    }

    private VolumeRowCodec() {
    }

    static byte[] encode(VolumeRecord volume) {
        FieldWriter out = new FieldWriter().writeByte(FORMAT).writeText(volume.name()).writeLong(volume.id())
                .writeVarLong(volume.size());
        writeParent(out, volume.parent());
        return out.writeByte(volume.state().ordinal()).writeInstant(volume.created()).toByteArray();
    }

    static VolumeRecord decodeVolume(byte[] bytes) {
        FieldReader in = reader(bytes);
        String name = in.readText();
        long id = in.readLong();
        long size = in.readVarLong();
        Optional<ParentSnapshot> parent = readParent(in);
        int state = in.readByte();
        if (state >= VolumeState.values().length) {
            throw new MalformedRowException("unknown volume state " + state);
        }
        VolumeRecord volume = new VolumeRecord(name, id, size, parent, VolumeState.values()[state], in.readInstant());
        in.finish();
        return volume;
    }

    static byte[] encode(SnapshotRecord snapshot) {
        FieldWriter out = new FieldWriter().writeByte(FORMAT).writeLong(snapshot.volumeId()).writeText(snapshot.name())
                .writeVarLong(snapshot.size()).writeLong(snapshot.sequence()).writeInstant(snapshot.created());
        writeParent(out, snapshot.parent());
        return out.toByteArray();
    }

    static SnapshotRecord decodeSnapshot(byte[] bytes) {
        FieldReader in = reader(bytes);
        SnapshotRecord snapshot = new SnapshotRecord(in.readLong(), in.readText(), in.readVarLong(), in.readLong(),
                in.readInstant(), readParent(in));
        in.finish();
        return snapshot;
    }

    static byte[] encode(StoredLease stored) {
        Lease lease = stored.lease();
        return new FieldWriter().writeByte(FORMAT).writeLong(lease.volumeId()).writeText(lease.holder())
                .writeLong(lease.epoch()).writeInstant(lease.expires()).writeByte(stored.released() ? 1 : 0)
                .toByteArray();
    }

    static StoredLease decodeLease(byte[] bytes) {
        FieldReader in = reader(bytes);
        Lease lease = new Lease(in.readLong(), in.readText(), in.readLong(), in.readInstant());
        int released = in.readByte();
        in.finish();
        if (released > 1) {
            throw new MalformedRowException("bad released flag " + released);
        }
        return new StoredLease(lease, released == 1);
    }

    static byte[] encode(CheckpointHeader header) {
        return new FieldWriter().writeByte(FORMAT).writeLong(header.sequence()).writeLong(header.replaySegment())
                .writeVarLong(header.replayPosition()).writeVarLong(header.chunks()).writeVarLong(header.length())
                .toByteArray();
    }

    static CheckpointHeader decodeCheckpointHeader(byte[] bytes) {
        FieldReader in = reader(bytes);
        CheckpointHeader header = new CheckpointHeader(in.readLong(), in.readLong(), in.readVarLong(),
                (int) Math.min(Integer.MAX_VALUE, in.readVarLong()), in.readVarLong());
        in.finish();
        return header;
    }

    private static void writeParent(FieldWriter out, Optional<ParentSnapshot> parent) {
        if (parent.isEmpty()) {
            out.writeByte(0);
        } else {
            out.writeByte(1).writeText(parent.get().volume()).writeLong(parent.get().volumeId())
                    .writeText(parent.get().snapshot());
        }
    }

    private static Optional<ParentSnapshot> readParent(FieldReader in) {
        int presence = in.readByte();
        return switch (presence) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(new ParentSnapshot(in.readText(), in.readLong(), in.readText()));
            default -> throw new MalformedRowException("bad presence byte " + presence);
        };
    }

    private static FieldReader reader(byte[] bytes) {
        FieldReader in = new FieldReader(bytes);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new MalformedRowException("unknown volume cell format " + format);
        }
        return in;
    }
}
