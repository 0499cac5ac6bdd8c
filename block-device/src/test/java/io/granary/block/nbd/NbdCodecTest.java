package io.granary.block.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.block.BlockDevice.Allocation;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NbdCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void simpleReplyIsMagicErrorHandle() {
        assertEquals("67446698" + "00000016" + "0102030405060708",
                HEX.formatHex(ReplyEncoder.simpleReply(NbdProtocol.EINVAL, 0x0102030405060708L)));
    }

    @Test
    void offsetDataHeaderCountsTheOffsetInItsLength() {
        byte[] header = ReplyEncoder.offsetDataHeader(7, 4096, 512, true);
        assertEquals("668e33ef" + "0001" + "0001" + "0000000000000007" + "00000208" + "0000000000001000",
                HEX.formatHex(header));
    }

    @Test
    void errorChunkCarriesErrorAndMessage() {
        ByteBuffer chunk = ByteBuffer.wrap(ReplyEncoder.errorChunk(9, NbdProtocol.EPERM, "read-only"));
        assertEquals(NbdProtocol.STRUCTURED_REPLY_MAGIC, chunk.getInt());
        assertEquals(NbdProtocol.REPLY_FLAG_DONE, chunk.getShort());
        assertEquals(NbdProtocol.REPLY_TYPE_ERROR, chunk.getShort() & 0xffff);
        assertEquals(9, chunk.getLong());
        assertEquals(6 + 9, chunk.getInt());
        assertEquals(NbdProtocol.EPERM, chunk.getInt());
        assertEquals(9, chunk.getShort());
        byte[] text = new byte[9];
        chunk.get(text);
        assertEquals("read-only", new String(text, StandardCharsets.UTF_8));
        assertFalse(chunk.hasRemaining());
    }

    @Test
    void noneChunkIsFinalAndEmpty() {
        assertEquals("668e33ef" + "0001" + "0000" + "0000000000000003" + "00000000",
                HEX.formatHex(ReplyEncoder.noneChunk(3)));
    }

    @Test
    void blockStatusMergesEqualNeighboursAndCutsAtTheRequestLength() {
        List<Allocation> extents = List.of(new Allocation(4096, false, false), new Allocation(4096, false, false),
                new Allocation(8192, true, true), new Allocation(4096, false, false));
        ByteBuffer chunk = ByteBuffer.wrap(ReplyEncoder.blockStatusChunk(5, 1, extents, 10_000, false));
        chunk.position(4 + 2 + 2 + 8);
        assertEquals(4 + 2 * 8, chunk.getInt());
        assertEquals(1, chunk.getInt());
        assertEquals(8192, chunk.getInt());
        assertEquals(0, chunk.getInt());
        assertEquals(10_000 - 8192, chunk.getInt());
        assertEquals(NbdProtocol.STATE_HOLE | NbdProtocol.STATE_ZERO, chunk.getInt());
        assertFalse(chunk.hasRemaining());
    }

    @Test
    void blockStatusWithRequestOneSendsOneDescriptor() {
        List<Allocation> extents = List.of(new Allocation(512, true, true), new Allocation(512, false, false));
        ByteBuffer chunk = ByteBuffer.wrap(ReplyEncoder.blockStatusChunk(5, 1, extents, 1024, true));
        chunk.position(16);
        assertEquals(12, chunk.getInt());
        assertEquals(1, chunk.getInt());
        assertEquals(512, chunk.getInt());
        assertEquals(NbdProtocol.STATE_HOLE | NbdProtocol.STATE_ZERO, chunk.getInt());
        assertFalse(chunk.hasRemaining());
    }

    @Test
    void requestHeaderDecodesUnsignedFields() throws IOException {
        ByteBuffer wire = ByteBuffer.allocate(28).putInt(NbdProtocol.REQUEST_MAGIC)
                .putShort((short) NbdProtocol.CMD_FLAG_FUA).putShort((short) NbdProtocol.CMD_WRITE)
                .putLong(42).putLong(-1L).putInt(0xffffffff);
        NbdRequest request = NbdRequest.read(new DataInputStream(new ByteArrayInputStream(wire.array())));
        assertEquals(new NbdRequest(NbdProtocol.CMD_FLAG_FUA, NbdProtocol.CMD_WRITE, 42, -1L, 0xffffffffL), request);
        assertTrue(request.has(NbdProtocol.CMD_FLAG_FUA));
        assertFalse(request.withinSize(Long.MAX_VALUE), "an offset above 2^63 is beyond any device");
    }

    @Test
    void requestRangeCheckHasNoOverflow() {
        assertTrue(new NbdRequest(0, 0, 0, 0, 4096).withinSize(4096));
        assertTrue(new NbdRequest(0, 0, 0, 4096, 0).withinSize(4096));
        assertFalse(new NbdRequest(0, 0, 0, 4095, 2).withinSize(4096));
        assertFalse(new NbdRequest(0, 0, 0, Long.MAX_VALUE, 0xffffffffL).withinSize(4096));
    }

    @Test
    void requestWithBadMagicIsAProtocolViolation() {
        byte[] wire = ByteBuffer.allocate(28).putInt(0x12345678).array();
        assertThrows(NbdProtocolException.class,
                () -> NbdRequest.read(new DataInputStream(new ByteArrayInputStream(wire))));
    }

    @Test
    void greetingOffersFixedNewstyleAndNoZeroes() {
        assertEquals("4e42444d41474943" + "49484156454f5054" + "0003", HEX.formatHex(HandshakeCodec.greeting()));
    }

    @Test
    void exportNameReplyHasZeroesUnlessDeclined() {
        assertEquals(10, HandshakeCodec.exportNameReply(1, 1, true).length);
        byte[] padded = HandshakeCodec.exportNameReply(1 << 20, 0x0d, false);
        assertEquals(134, padded.length);
        assertEquals("0000000000100000" + "000d", HEX.formatHex(padded, 0, 10));
        assertArrayEquals(new byte[124], Arrays.copyOfRange(padded, 10, 134));
    }

    @Test
    void optionReplyAndInfoLayouts() {
        assertEquals("0003e889045565a9" + "00000007" + "00000003" + "0000000c" + "0000" + "0000000000000200" + "0001",
                HEX.formatHex(HandshakeCodec.optionReply(NbdProtocol.OPT_GO, NbdProtocol.REP_INFO,
                        HandshakeCodec.infoExport(512, 1))));
        assertEquals("0003" + "00000200" + "00001000" + "02000000",
                HEX.formatHex(HandshakeCodec.infoBlockSize(512, 4096, 32 << 20)));
        assertEquals("00000001" + HEX.formatHex("base:allocation".getBytes(StandardCharsets.US_ASCII)),
                HEX.formatHex(HandshakeCodec.metaContext(1, "base:allocation")));
    }

    @Test
    void longMessagesAreCutWithoutSplittingCharacters() {
        byte[] text = "é".repeat(3000).getBytes(StandardCharsets.UTF_8);
        byte[] cut = ReplyEncoder.truncate(text, 4095);
        assertEquals(4094, cut.length);
        assertEquals("é".repeat(2047), new String(cut, StandardCharsets.UTF_8));
    }

    @Test
    void exportRequestParsesNameAndInformationRequests() {
        assertEquals(new OptionData.ExportRequest("disk", List.of(1, 3)),
                OptionData.exportRequest(RawNbdClient.goData("disk", 1, 3)).orElseThrow());
        assertEquals(new OptionData.ExportRequest("", List.of()),
                OptionData.exportRequest(RawNbdClient.goData("")).orElseThrow());
    }

    @Test
    void malformedExportRequestsAreRefused() {
        byte[] good = RawNbdClient.goData("disk", 3);
        assertTrue(OptionData.exportRequest(Arrays.copyOf(good, good.length - 1)).isEmpty(), "short");
        assertTrue(OptionData.exportRequest(Arrays.copyOf(good, good.length + 1)).isEmpty(), "trailing");
        assertTrue(OptionData.exportRequest(ByteBuffer.allocate(6).putInt(-1).array()).isEmpty(), "huge name");
        assertTrue(OptionData.exportRequest(new byte[0]).isEmpty(), "empty");
    }

    @Test
    void metaContextRequestParsesQueries() {
        assertEquals(new OptionData.MetaContextRequest("disk", List.of("base:allocation", "qemu:x")),
                OptionData.metaContextRequest(RawNbdClient.metaContextData("disk", "base:allocation", "qemu:x"))
                        .orElseThrow());
        assertTrue(OptionData.metaContextRequest(ByteBuffer.allocate(8).putInt(0).putInt(1000).array()).isEmpty(),
                "more queries than bytes");
        byte[] good = RawNbdClient.metaContextData("disk", "base:");
        assertTrue(OptionData.metaContextRequest(Arrays.copyOf(good, good.length - 1)).isEmpty());
    }
}
