package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.block.Lease;
import io.granary.core.block.ParentSnapshot;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeRecord;
import io.granary.core.block.VolumeState;
import io.granary.metadata.hbase.VolumeRowCodec.CheckpointHeader;
import io.granary.metadata.hbase.VolumeRowCodec.StoredLease;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VolumeRowCodecTest {
    private static final Instant WHEN = Instant.parse("2026-12-06T12:34:56.789123456Z");

    @Test
    void everyRecordRoundTrips() {
        VolumeRecord plain = new VolumeRecord("vol", -7, 1L << 40, Optional.empty(), VolumeState.AVAILABLE, WHEN);
        VolumeRecord clone = new VolumeRecord("clône", 9, 0, Optional.of(new ParentSnapshot("vol", -7, "s")),
                VolumeState.DELETING, WHEN);
        assertEquals(plain, VolumeRowCodec.decodeVolume(VolumeRowCodec.encode(plain)));
        assertEquals(clone, VolumeRowCodec.decodeVolume(VolumeRowCodec.encode(clone)));
        assertArrayEquals(VolumeRowCodec.encode(clone), VolumeRowCodec.encode(VolumeRowCodec.decodeVolume(
                VolumeRowCodec.encode(clone))), "deterministic, as conditional writes compare cells");

        SnapshotRecord snapshot = new SnapshotRecord(-7, "s", 4096, 123, WHEN,
                Optional.of(new ParentSnapshot("base", 1, "golden")));
        assertEquals(snapshot, VolumeRowCodec.decodeSnapshot(VolumeRowCodec.encode(snapshot)));

        StoredLease lease = new StoredLease(new Lease(-7, "host:123", 42, WHEN), true);
        assertEquals(lease, VolumeRowCodec.decodeLease(VolumeRowCodec.encode(lease)));

        CheckpointHeader header = new CheckpointHeader(99, 3L << 32, 1234, 2, 5_000_000);
        assertEquals(header, VolumeRowCodec.decodeCheckpointHeader(VolumeRowCodec.encode(header)));
    }

    @Test
    void damagedCellsAreRefused() {
        byte[] volume = VolumeRowCodec.encode(new VolumeRecord("vol", 1, 1, Optional.empty(), VolumeState.AVAILABLE,
                WHEN));
        assertThrows(MalformedRowException.class, () -> VolumeRowCodec.decodeVolume(
                Arrays.copyOf(volume, volume.length - 1)));
        assertThrows(MalformedRowException.class, () -> VolumeRowCodec.decodeVolume(
                Arrays.copyOf(volume, volume.length + 1)));
        byte[] otherFormat = volume.clone();
        otherFormat[0] = 9;
        assertThrows(MalformedRowException.class, () -> VolumeRowCodec.decodeVolume(otherFormat));
    }
}
