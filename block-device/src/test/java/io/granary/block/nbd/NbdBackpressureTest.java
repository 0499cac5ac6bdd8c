package io.granary.block.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.block.nbd.InMemoryDeviceProvider.Volume;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A connection's requests in flight are bounded by its byte budget, not by how fast the client sends. */
class NbdBackpressureTest {
    private static final int WRITE = 4 << 20;
    private static final int WRITES = 20;

    @Test
    void inFlightWritesStayWithinTheConnectionBudget() throws Exception {
        InMemoryDeviceProvider provider = new InMemoryDeviceProvider();
        Volume disk = provider.add("disk", (long) WRITE * WRITES, false);
        CountDownLatch gate = new CountDownLatch(1);
        disk.writeGate = gate;
        // More workers than the budget admits, so only the budget can hold requests back.
        NbdSettings settings = new NbdSettings(16, NbdProtocol.MAXIMUM_PAYLOAD, Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        int admitted = NbdProtocol.MAXIMUM_PAYLOAD / WRITE;
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (NbdServer server = new NbdServer(provider, "127.0.0.1", 0, settings);
                RawNbdClient client = connect(server)) {
            Future<?> sent = sender.submit(() -> {
                for (int i = 0; i < WRITES; i++) {
                    byte[] data = new byte[WRITE];
                    Arrays.fill(data, (byte) (i + 1));
                    client.request(0, NbdProtocol.CMD_WRITE, i, (long) i * WRITE, WRITE, data);
                }
                return null;
            });
            Conditions.await("the budget's worth of writes is at the device", Duration.ofSeconds(30),
                    () -> disk.writesInside.get() == admitted);
            gate.countDown();
            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < WRITES; i++) {
                client.in.mark(16);
                client.in.readInt();
                client.in.readInt();
                long handle = client.in.readLong();
                client.in.reset();
                assertEquals(0, client.readSimpleReply(handle));
                answered.add(handle);
            }
            sent.get();
            assertEquals(WRITES, answered.size());
        } finally {
            sender.shutdownNow();
        }
        assertEquals(admitted, disk.peakWritesInside.get(), "never more writes in flight than the budget holds");
        byte[] contents = disk.contents();
        for (int i = 0; i < WRITES; i++) {
            byte[] expected = new byte[WRITE];
            Arrays.fill(expected, (byte) (i + 1));
            assertArrayEquals(expected, Arrays.copyOfRange(contents, i * WRITE, (i + 1) * WRITE));
        }
        assertEquals(0, provider.openHandles());
    }

    private static RawNbdClient connect(NbdServer server) throws IOException {
        server.start();
        RawNbdClient client = RawNbdClient.connect(server.port());
        client.go("disk", false, false);
        return client;
    }
}
