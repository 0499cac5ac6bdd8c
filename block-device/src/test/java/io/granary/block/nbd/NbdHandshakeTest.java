package io.granary.block.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.nbd.RawNbdClient.OptionReply;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handshake over a raw socket: every option, and the ways a client can get it wrong. */
class NbdHandshakeTest {
    private final InMemoryDeviceProvider provider = new InMemoryDeviceProvider();
    private NbdServer server;

    @BeforeEach
    void start() throws IOException {
        provider.add("disk", 1 << 20, false);
        provider.add("disk@snap", 1 << 20, true);
        server = new NbdServer(provider);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        assertEquals(0, provider.openHandles(), "every device handle is closed with the server");
    }

    @Test
    void greetingOffersFixedNewstyleAndNoZeroes() throws IOException {
        try (RawNbdClient client = new RawNbdClient(server.port())) {
            assertEquals(NbdProtocol.FLAG_FIXED_NEWSTYLE | NbdProtocol.FLAG_NO_ZEROES, client.handshakeFlags);
        }
    }

    @Test
    void unknownOptionIsUnsupportedAndGoStillWorks() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.sendOption(4242, "whatever".getBytes(StandardCharsets.US_ASCII));
            OptionReply reply = client.readOptionReply();
            assertEquals(4242, reply.option());
            assertEquals(NbdProtocol.REP_ERR_UNSUP, reply.type());

            RawNbdClient.Export export = client.go("disk", false, false);
            assertEquals(1 << 20, export.size());
            client.request(0, NbdProtocol.CMD_READ, 1, 0, 512, null);
            assertEquals(0, client.readSimpleReply(1));
            client.in.readFully(new byte[512]);
        }
    }

    @Test
    void unknownExportIsReportedAndTheClientMayTryAgain() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.sendOption(NbdProtocol.OPT_GO, RawNbdClient.goData("nosuch"));
            OptionReply reply = client.readOptionReply();
            assertEquals(NbdProtocol.REP_ERR_UNKNOWN, reply.type());
            assertTrue(reply.text().contains("nosuch"), reply.text());

            assertEquals(1 << 20, client.go("disk", false, false).size());
        }
        Conditions.await("the connection's device is closed", Duration.ofSeconds(10),
                () -> provider.openHandles() == 0);
    }

    @Test
    void listNamesEveryExport() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.sendOption(NbdProtocol.OPT_LIST, new byte[0]);
            List<String> names = new ArrayList<>();
            OptionReply reply;
            while ((reply = client.readOptionReply()).type() == NbdProtocol.REP_SERVER) {
                ByteBuffer data = ByteBuffer.wrap(reply.data());
                byte[] name = new byte[data.getInt()];
                data.get(name);
                names.add(new String(name, StandardCharsets.UTF_8));
            }
            assertEquals(NbdProtocol.REP_ACK, reply.type());
            assertEquals(List.of("disk", "disk@snap"), names);

            client.sendOption(NbdProtocol.OPT_LIST, new byte[] {1});
            assertEquals(NbdProtocol.REP_ERR_INVALID, client.readOptionReply().type());
        }
    }

    @Test
    void abortIsAcknowledgedAndTheServerHangsUp() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.sendOption(NbdProtocol.OPT_ABORT, new byte[0]);
            assertEquals(NbdProtocol.REP_ACK, client.readOptionReply().type());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void badOptionMagicDropsTheConnection() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.out.writeLong(0x1122334455667788L);
            client.out.writeInt(NbdProtocol.OPT_LIST);
            client.out.writeInt(0);
            client.out.flush();
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void unknownClientFlagsDropTheConnection() throws IOException {
        try (RawNbdClient client = new RawNbdClient(server.port())) {
            client.out.writeInt(NbdProtocol.FLAG_C_FIXED_NEWSTYLE | 0x100);
            client.out.flush();
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void busyDeviceIsRefusedByPolicyWithAMessage() throws IOException {
        provider.volume("disk").heldBy = "block server 2";
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.sendOption(NbdProtocol.OPT_GO, RawNbdClient.goData("disk"));
            OptionReply reply = client.readOptionReply();
            assertEquals(NbdProtocol.REP_ERR_POLICY, reply.type());
            assertTrue(reply.text().contains("block server 2"), reply.text());
            // A snapshot is read-only and can be opened while the volume is held.
            assertTrue((client.go("disk@snap", false, false).flags() & NbdProtocol.FLAG_READ_ONLY) != 0);
        }
    }

    @Test
    void infoAnswersNameDescriptionAndBlockSizeThenGoUsesTheSameDevice() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.sendOption(NbdProtocol.OPT_INFO, RawNbdClient.goData("disk", NbdProtocol.INFO_NAME,
                    NbdProtocol.INFO_DESCRIPTION, NbdProtocol.INFO_BLOCK_SIZE));
            List<Integer> seen = new ArrayList<>();
            OptionReply reply;
            while ((reply = client.readOptionReply()).type() == NbdProtocol.REP_INFO) {
                ByteBuffer data = ByteBuffer.wrap(reply.data());
                int type = data.getShort();
                seen.add(type);
                if (type == NbdProtocol.INFO_EXPORT) {
                    assertEquals(1 << 20, data.getLong());
                    int flags = data.getShort() & 0xffff;
                    int expected = NbdProtocol.FLAG_HAS_FLAGS | NbdProtocol.FLAG_SEND_FLUSH | NbdProtocol.FLAG_SEND_FUA
                            | NbdProtocol.FLAG_SEND_TRIM | NbdProtocol.FLAG_SEND_WRITE_ZEROES
                            | NbdProtocol.FLAG_SEND_FAST_ZERO | NbdProtocol.FLAG_CAN_MULTI_CONN;
                    assertEquals(expected, flags, "no DF without structured replies");
                } else if (type == NbdProtocol.INFO_NAME) {
                    assertEquals("disk", new String(reply.data(), 2, reply.data().length - 2, StandardCharsets.UTF_8));
                } else if (type == NbdProtocol.INFO_BLOCK_SIZE) {
                    assertEquals(512, data.getInt());
                    assertEquals(4096, data.getInt());
                    assertEquals(32 << 20, data.getInt());
                }
            }
            assertEquals(NbdProtocol.REP_ACK, reply.type());
            assertEquals(List.of(NbdProtocol.INFO_EXPORT, NbdProtocol.INFO_NAME, NbdProtocol.INFO_DESCRIPTION,
                    NbdProtocol.INFO_BLOCK_SIZE), seen);
            assertEquals(1, provider.openHandles(), "INFO keeps its device for a GO");
            client.go("disk", false, false);
            assertEquals(1, provider.openHandles(), "GO on the same name reuses it");
        }
    }

    @Test
    void readOnlyExportFlagsRefuseChangesAndStructuredRepliesAddDontFragment() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            int flags = client.go("disk@snap", true, false).flags();
            assertEquals(NbdProtocol.FLAG_HAS_FLAGS | NbdProtocol.FLAG_READ_ONLY | NbdProtocol.FLAG_SEND_FLUSH
                    | NbdProtocol.FLAG_SEND_FUA | NbdProtocol.FLAG_SEND_DF | NbdProtocol.FLAG_CAN_MULTI_CONN, flags);
        }
    }

    @Test
    void exportNameSendsSizeFlagsAndZeroesUnlessDeclined() throws IOException {
        try (RawNbdClient client = new RawNbdClient(server.port())) {
            client.out.writeInt(NbdProtocol.FLAG_C_FIXED_NEWSTYLE);
            client.sendOption(NbdProtocol.OPT_EXPORT_NAME, "disk".getBytes(StandardCharsets.UTF_8));
            assertEquals(1 << 20, client.in.readLong());
            assertTrue((client.in.readUnsignedShort() & NbdProtocol.FLAG_HAS_FLAGS) != 0);
            byte[] zeroes = new byte[124];
            client.in.readFully(zeroes);
            assertEquals(ByteBuffer.wrap(new byte[124]), ByteBuffer.wrap(zeroes));
            client.request(0, NbdProtocol.CMD_FLUSH, 5, 0, 0, null);
            assertEquals(0, client.readSimpleReply(5));
        }
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.sendOption(NbdProtocol.OPT_EXPORT_NAME, "disk".getBytes(StandardCharsets.UTF_8));
            assertEquals(1 << 20, client.in.readLong());
            client.in.readUnsignedShort();
            client.request(0, NbdProtocol.CMD_FLUSH, 6, 0, 0, null);
            assertEquals(0, client.readSimpleReply(6), "no zeroes came before the reply");
        }
    }

    @Test
    void exportNameOfAnUnknownExportEndsTheSession() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.sendOption(NbdProtocol.OPT_EXPORT_NAME, "nosuch".getBytes(StandardCharsets.UTF_8));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void metaContextsNeedStructuredRepliesAndOfferBaseAllocation() throws IOException {
        try (RawNbdClient client = RawNbdClient.connect(server.port())) {
            client.sendOption(NbdProtocol.OPT_SET_META_CONTEXT,
                    RawNbdClient.metaContextData("disk", NbdProtocol.BASE_ALLOCATION));
            assertEquals(NbdProtocol.REP_ERR_INVALID, client.readOptionReply().type());

            client.sendOption(NbdProtocol.OPT_STRUCTURED_REPLY, new byte[0]);
            assertEquals(NbdProtocol.REP_ACK, client.readOptionReply().type());
            client.sendOption(NbdProtocol.OPT_LIST_META_CONTEXT, RawNbdClient.metaContextData("disk"));
            OptionReply listed = client.readOptionReply();
            assertEquals(NbdProtocol.REP_META_CONTEXT, listed.type());
            assertEquals(NbdProtocol.BASE_ALLOCATION,
                    new String(listed.data(), 4, listed.data().length - 4, StandardCharsets.UTF_8));
            assertEquals(NbdProtocol.REP_ACK, client.readOptionReply().type());

            client.sendOption(NbdProtocol.OPT_SET_META_CONTEXT,
                    RawNbdClient.metaContextData("disk", "qemu:dirty-bitmap:x", "base:"));
            assertEquals(NbdProtocol.REP_ACK, client.readOptionReply().type(), "nothing selected, no error");

            client.sendOption(NbdProtocol.OPT_SET_META_CONTEXT, new byte[] {0, 0, 0, 9});
            assertEquals(NbdProtocol.REP_ERR_INVALID, client.readOptionReply().type());
        }
    }

    @Test
    void lifecycleChecksItsTransitions() throws IOException {
        assertThrows(IllegalStateException.class, server::start);
        NbdServer latent = new NbdServer(provider);
        assertThrows(IllegalStateException.class, latent::port);
        latent.close();
        assertThrows(IllegalStateException.class, latent::start);
        int port = server.port();
        server.close();
        server.close();
        assertThrows(IllegalStateException.class, server::port);
        assertThrows(IOException.class, () -> new RawNbdClient(port).close());
        assertFalse(provider.openHandles() > 0);
    }
}
