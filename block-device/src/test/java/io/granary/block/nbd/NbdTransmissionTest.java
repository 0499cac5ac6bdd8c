package io.granary.block.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.nbd.InMemoryDeviceProvider.Volume;
import io.granary.block.nbd.RawNbdClient.Chunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transmission phase over a raw socket: commands, replies, and bad requests that change nothing. */
class NbdTransmissionTest {
    private static final int SIZE = 1 << 20;
    private final InMemoryDeviceProvider provider = new InMemoryDeviceProvider();
    private Volume disk;
    private Volume snapshot;
    private NbdServer server;

    @BeforeEach
    void start() throws IOException {
        disk = provider.add("disk", SIZE, false);
        snapshot = provider.add("disk@snap", SIZE, true);
        byte[] seed = new byte[SIZE];
        new Random(1).nextBytes(seed);
        snapshot.fill(0, seed);
        server = new NbdServer(provider);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        assertEquals(0, provider.openHandles());
    }

    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void writeThenReadWithSimpleReplies() throws IOException {
        byte[] data = pattern(1536, 7);
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.go("disk", false, false);
            client.request(NbdProtocol.CMD_FLAG_FUA, NbdProtocol.CMD_WRITE, 1, 1000, data.length, data);
            assertEquals(0, client.readSimpleReply(1));
            client.request(0, NbdProtocol.CMD_READ, 2, 1000, data.length, null);
            assertEquals(0, client.readSimpleReply(2));
            byte[] read = new byte[data.length];
            client.in.readFully(read);
            assertArrayEquals(data, read);
            client.request(0, NbdProtocol.CMD_FLUSH, 3, 0, 0, null);
            assertEquals(0, client.readSimpleReply(3));
        }
        assertArrayEquals(data, Arrays.copyOfRange(disk.contents(), 1000, 1000 + data.length));
        assertEquals(1, disk.durableWrites.get());
        assertEquals(1, disk.flushes.get());
    }

    @Test
    void structuredReadIsOneFinalDataChunk() throws IOException {
        byte[] data = pattern(4096, 8);
        disk.fill(8192, data);
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.go("disk", true, false);
            client.request(NbdProtocol.CMD_FLAG_DF, NbdProtocol.CMD_READ, 77, 8192, 4096, null);
            Chunk chunk = client.readChunk();
            assertEquals(NbdProtocol.REPLY_FLAG_DONE, chunk.flags());
            assertEquals(NbdProtocol.REPLY_TYPE_OFFSET_DATA, chunk.type());
            assertEquals(77, chunk.handle());
            ByteBuffer payload = chunk.buffer();
            assertEquals(8192, payload.getLong());
            byte[] read = new byte[payload.remaining()];
            payload.get(read);
            assertArrayEquals(data, read);
        }
    }

    @Test
    void writeToReadOnlyExportIsRefusedWithEpermAndChangesNothing() throws IOException {
        byte[] before = snapshot.contents();
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.go("disk@snap", true, false);
            client.request(0, NbdProtocol.CMD_WRITE, 1, 0, 4096, pattern(4096, 9));
            Chunk error = client.readChunk();
            assertEquals(NbdProtocol.REPLY_TYPE_ERROR, error.type());
            assertEquals(1, error.handle());
            assertEquals(NbdProtocol.EPERM, error.buffer().getInt());
            client.request(0, NbdProtocol.CMD_TRIM, 2, 0, 4096, null);
            assertEquals(NbdProtocol.EPERM, client.readChunk().buffer().getInt());
            client.request(0, NbdProtocol.CMD_WRITE_ZEROES, 3, 0, 4096, null);
            assertEquals(NbdProtocol.EPERM, client.readChunk().buffer().getInt());
            // The refused write's payload was consumed: the stream is still in step.
            client.request(0, NbdProtocol.CMD_READ, 4, 0, 16, null);
            Chunk read = client.readChunk();
            assertEquals(NbdProtocol.REPLY_TYPE_OFFSET_DATA, read.type());
            assertEquals(4, read.handle());
        }
        assertArrayEquals(before, snapshot.contents());
        assertEquals(0, snapshot.mutations.get());
    }

    @Test
    void badRequestsGetTheSpecErrorsAndNeverTouchTheDevice() throws IOException {
        byte[] before = pattern(SIZE, 10);
        disk.fill(0, before);
        long mutations = disk.mutations.get();
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.go("disk", false, false);
            client.request(0, NbdProtocol.CMD_WRITE, 1, SIZE - 512, 1024, new byte[1024]);
            assertEquals(NbdProtocol.ENOSPC, client.readSimpleReply(1), "write past the end");
            client.request(0, NbdProtocol.CMD_WRITE_ZEROES, 2, SIZE, 1, null);
            assertEquals(NbdProtocol.ENOSPC, client.readSimpleReply(2), "zeroes past the end");
            client.request(0, NbdProtocol.CMD_READ, 3, SIZE - 4, 8, null);
            assertEquals(NbdProtocol.EINVAL, client.readSimpleReply(3), "read past the end, no data follows");
            client.request(0, NbdProtocol.CMD_TRIM, 4, -512, 1024, null);
            assertEquals(NbdProtocol.EINVAL, client.readSimpleReply(4), "trim at an offset above 2^63");
            client.request(0, 99, 5, 0, 512, null);
            assertEquals(NbdProtocol.EINVAL, client.readSimpleReply(5), "unknown command");
            client.request(NbdProtocol.CMD_FLAG_NO_HOLE, NbdProtocol.CMD_WRITE, 6, 0, 512, new byte[512]);
            assertEquals(NbdProtocol.EINVAL, client.readSimpleReply(6), "flag not valid for the command");
            client.request(NbdProtocol.CMD_FLAG_DF, NbdProtocol.CMD_READ, 7, 0, 512, null);
            assertEquals(NbdProtocol.EINVAL, client.readSimpleReply(7), "DF without structured replies");
            client.request(0, NbdProtocol.CMD_READ, 8, 0, NbdProtocol.MAXIMUM_PAYLOAD + 512L, null);
            assertEquals(NbdProtocol.EINVAL, client.readSimpleReply(8), "read above the maximum block size");
            client.request(0, NbdProtocol.CMD_WRITE, 9, 0, NbdProtocol.MAXIMUM_PAYLOAD + 1L,
                    new byte[NbdProtocol.MAXIMUM_PAYLOAD + 1]);
            assertEquals(NbdProtocol.EINVAL, client.readSimpleReply(9), "write above the maximum block size");
            client.request(0, NbdProtocol.CMD_BLOCK_STATUS, 10, 0, 512, null);
            assertEquals(NbdProtocol.EINVAL, client.readSimpleReply(10), "block status without a context");
            client.request(NbdProtocol.CMD_FLAG_FUA, NbdProtocol.CMD_WRITE, 11, 0, 0, new byte[0]);
            assertEquals(0, client.readSimpleReply(11), "an empty write succeeds");
        }
        assertArrayEquals(before, disk.contents());
        assertEquals(mutations, disk.mutations.get());
    }

    @Test
    void fastZeroThatMustStayAllocatedIsNotSupported() throws IOException {
        byte[] before = pattern(8192, 11);
        disk.fill(0, before);
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.go("disk", true, false);
            client.request(NbdProtocol.CMD_FLAG_FAST_ZERO | NbdProtocol.CMD_FLAG_NO_HOLE,
                    NbdProtocol.CMD_WRITE_ZEROES, 1, 0, 8192, null);
            assertEquals(NbdProtocol.ENOTSUP, client.readChunk().buffer().getInt());
            assertArrayEquals(before, Arrays.copyOf(disk.contents(), 8192));

            client.request(NbdProtocol.CMD_FLAG_FAST_ZERO, NbdProtocol.CMD_WRITE_ZEROES, 2, 0, 4096, null);
            assertEquals(0, client.readSimpleReply(2));
            client.request(NbdProtocol.CMD_FLAG_NO_HOLE, NbdProtocol.CMD_WRITE_ZEROES, 3, 4096, 100, null);
            assertEquals(0, client.readSimpleReply(3));
        }
        byte[] after = disk.contents();
        assertArrayEquals(new byte[4196], Arrays.copyOf(after, 4196));
        assertArrayEquals(Arrays.copyOfRange(before, 4196, 8192), Arrays.copyOfRange(after, 4196, 8192));
    }

    @Test
    void blockStatusShowsHolesAndData() throws IOException {
        disk.fill(0, pattern(8192, 12));
        disk.fill(65536, pattern(4096, 13));
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.go("disk", true, true);
            client.request(0, NbdProtocol.CMD_TRIM, 1, 4096, 4096, null);
            assertEquals(0, client.readSimpleReply(1));
            client.request(0, NbdProtocol.CMD_BLOCK_STATUS, 2, 0, 131072, null);
            Chunk chunk = client.readChunk();
            assertEquals(NbdProtocol.REPLY_TYPE_BLOCK_STATUS, chunk.type());
            assertEquals(NbdProtocol.REPLY_FLAG_DONE, chunk.flags());
            ByteBuffer payload = chunk.buffer();
            assertEquals(NbdProtocol.BASE_ALLOCATION_ID, payload.getInt());
            int hole = NbdProtocol.STATE_HOLE | NbdProtocol.STATE_ZERO;
            int[][] expected = {{4096, 0}, {61440, hole}, {4096, 0}, {61440, hole}};
            for (int[] extent : expected) {
                assertEquals(extent[0], payload.getInt());
                assertEquals(extent[1], payload.getInt());
            }
            assertTrue(!payload.hasRemaining());

            client.request(NbdProtocol.CMD_FLAG_REQ_ONE, NbdProtocol.CMD_BLOCK_STATUS, 3, 0, 131072, null);
            ByteBuffer one = client.readChunk().buffer();
            assertEquals(12, one.remaining());
            one.getInt();
            assertEquals(4096, one.getInt());

            client.request(0, NbdProtocol.CMD_BLOCK_STATUS, 4, SIZE - 512, 1024, null);
            Chunk error = client.readChunk();
            assertEquals(NbdProtocol.REPLY_TYPE_ERROR, error.type());
            assertEquals(NbdProtocol.EINVAL, error.buffer().getInt());
        }
    }

    @Test
    void manyRequestsInFlightAreAllAnsweredByHandle() throws IOException {
        int count = 200;
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.go("disk", true, false);
            for (int i = 0; i < count; i++) {
                client.request(0, NbdProtocol.CMD_WRITE, 1000 + i, i * 4096L, 4096, pattern(4096, i));
            }
            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < count; i++) {
                long handle = peekHandle(client, answered);
                assertTrue(handle >= 1000 && handle < 1000 + count, "handle " + handle);
                assertEquals(0, client.readSimpleReply(handle));
            }
            assertEquals(count, answered.size());
        }
        byte[] contents = disk.contents();
        for (int i = 0; i < count; i++) {
            assertArrayEquals(pattern(4096, i), Arrays.copyOfRange(contents, i * 4096, (i + 1) * 4096));
        }
    }

    /** Reads the next reply's handle without consuming the reply. */
    private static long peekHandle(RawNbdClient client, Set<Long> answered) throws IOException {
        client.in.mark(16);
        client.in.readInt();
        client.in.readInt();
        long handle = client.in.readLong();
        client.in.reset();
        assertTrue(answered.add(handle), "each handle is answered once");
        return handle;
    }

    @Test
    void requestWithBadMagicDropsTheConnectionAndClosesTheDevice() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.go("disk", false, false);
            client.out.write(new byte[28]);
            client.out.flush();
            assertTrue(client.closedByServer());
        }
        Conditions.await("the device handle is closed", Duration.ofSeconds(10), () -> provider.openHandles() == 0);
    }

    @Test
    void clientVanishingMidSessionLeavesNoHandleOpen() throws IOException {
        RawNbdClient client = RawNbdClient.connect(server.port());
        client.go("disk", false, false);
        client.request(0, NbdProtocol.CMD_WRITE, 1, 0, 4096, pattern(4096, 3));
        assertEquals(0, client.readSimpleReply(1));
        // Half a request, then gone without NBD_CMD_DISC.
        client.out.write(new byte[10]);
        client.close();
        Conditions.await("the device handle is closed", Duration.ofSeconds(10), () -> provider.openHandles() == 0);
        assertArrayEquals(pattern(4096, 3), Arrays.copyOf(disk.contents(), 4096));
    }

    @Test
    void disconnectAnswersOutstandingRequestsThenCloses() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.go("disk", false, false);
            client.request(0, NbdProtocol.CMD_WRITE, 1, 0, 512, pattern(512, 4));
            client.request(0, NbdProtocol.CMD_DISC, 2, 0, 0, null);
            assertEquals(0, client.readSimpleReply(1));
            assertTrue(client.closedByServer());
        }
        Conditions.await("the device handle is closed", Duration.ofSeconds(10), () -> provider.openHandles() == 0);
    }

    @Test
    void closingTheServerEndsLiveConnectionsAndClosesTheirDevices() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.go("disk", false, false);
            assertEquals(1, provider.openHandles());
            server.close();
            assertEquals(0, provider.openHandles(), "close() returns once the devices are closed");
            assertTrue(client.closedByServer());
        }
    }
}
