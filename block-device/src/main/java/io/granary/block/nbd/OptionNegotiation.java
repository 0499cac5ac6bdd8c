package io.granary.block.nbd;

import io.granary.block.BlockDevice;
import io.granary.block.BlockDeviceProvider;
import io.granary.block.DeviceBusyException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of the fixed newstyle handshake on one connection: greeting, client flags,
 * then options until the client picks an export (GO or EXPORT_NAME), aborts or leaves.
 *
 * <p>Not thread-safe: one connection's thread runs it once.
 */
final class OptionNegotiation {
    private static final Logger LOG = LoggerFactory.getLogger(OptionNegotiation.class);
    /** Option data beyond this is skipped unread: no option we know needs more. */
    static final int MAXIMUM_OPTION_BYTES = 64 * 1024;

    private final BlockDeviceProvider provider;
    private final DataInputStream in;
    private final OutputStream out;
    private final String peer;

    private boolean noZeroes;
    private boolean structuredReplies;
    /** The export that NBD_OPT_SET_META_CONTEXT last selected base:allocation for, or null. */
    private String allocationExport;
    /** A device opened by NBD_OPT_INFO, kept for a GO on the same name. */
    private String heldName;
    private BlockDevice heldDevice;

    OptionNegotiation(BlockDeviceProvider provider, DataInputStream in, OutputStream out, String peer) {
        this.provider = provider;
        this.in = in;
        this.out = out;
        this.peer = peer;
    }

    /**
     * Runs the handshake. Returns the export to serve, or empty when the session ends here (the
     * client aborted or the export it named with EXPORT_NAME cannot be served).
     *
     * @throws NbdProtocolException when the client breaks the protocol; the caller drops it
     */
    Optional<NegotiatedExport> run() throws IOException {
        try {
            out.write(HandshakeCodec.greeting());
            out.flush();
            int clientFlags = in.readInt();
            if ((clientFlags & ~(NbdProtocol.FLAG_C_FIXED_NEWSTYLE | NbdProtocol.FLAG_C_NO_ZEROES)) != 0) {
                throw new NbdProtocolException(String.format("unknown client flags 0x%08x", clientFlags));
            }
            noZeroes = (clientFlags & NbdProtocol.FLAG_C_NO_ZEROES) != 0;
            while (true) {
                long magic = in.readLong();
                if (magic != NbdProtocol.IHAVEOPT) {
                    throw new NbdProtocolException(String.format("bad option magic 0x%016x", magic));
                }
                int option = in.readInt();
                long length = Integer.toUnsignedLong(in.readInt());
                if (length > MAXIMUM_OPTION_BYTES) {
                    in.skipNBytes(length);
                    reply(option, isKnown(option) ? NbdProtocol.REP_ERR_TOO_BIG : NbdProtocol.REP_ERR_UNSUP,
                            "option data too large: " + length + " bytes");
                    continue;
                }
                byte[] data = in.readNBytes((int) length);
                if (data.length < length) {
                    throw new EOFException("the client left in the middle of an option");
                }
                Step step = handle(option, data);
                if (step.done) {
                    return Optional.ofNullable(step.export);
                }
            }
        } finally {
            releaseHeld();
        }
    }

    private record Step(boolean done, NegotiatedExport export) {
        static final Step CONTINUE = new Step(false, null);
        static final Step END = new Step(true, null);
    }

    private static boolean isKnown(int option) {
        return switch (option) {
            case NbdProtocol.OPT_EXPORT_NAME, NbdProtocol.OPT_ABORT, NbdProtocol.OPT_LIST, NbdProtocol.OPT_STARTTLS,
                    NbdProtocol.OPT_INFO, NbdProtocol.OPT_GO, NbdProtocol.OPT_STRUCTURED_REPLY,
                    NbdProtocol.OPT_LIST_META_CONTEXT, NbdProtocol.OPT_SET_META_CONTEXT -> true;
            default -> false;
        };
    }

    private Step handle(int option, byte[] data) throws IOException {
        switch (option) {
            case NbdProtocol.OPT_EXPORT_NAME:
                return exportName(new String(data, StandardCharsets.UTF_8));
            case NbdProtocol.OPT_ABORT:
                // The client may already be gone; an ACK that cannot be delivered is no error.
                try {
                    reply(option, NbdProtocol.REP_ACK);
                } catch (IOException e) {
                    LOG.debug("{}: abort not acknowledged: {}", peer, e.toString());
                }
                return Step.END;
            case NbdProtocol.OPT_LIST:
                list(data);
                return Step.CONTINUE;
            case NbdProtocol.OPT_STARTTLS:
                reply(option, NbdProtocol.REP_ERR_POLICY, "TLS is not offered by this server");
                return Step.CONTINUE;
            case NbdProtocol.OPT_INFO:
            case NbdProtocol.OPT_GO:
                return infoOrGo(option, data);
            case NbdProtocol.OPT_STRUCTURED_REPLY:
                if (data.length != 0) {
                    reply(option, NbdProtocol.REP_ERR_INVALID, "NBD_OPT_STRUCTURED_REPLY takes no data");
                } else {
                    structuredReplies = true;
                    reply(option, NbdProtocol.REP_ACK);
                }
                return Step.CONTINUE;
            case NbdProtocol.OPT_LIST_META_CONTEXT:
            case NbdProtocol.OPT_SET_META_CONTEXT:
                metaContext(option, data);
                return Step.CONTINUE;
            default:
                reply(option, NbdProtocol.REP_ERR_UNSUP, "unknown option " + option);
                return Step.CONTINUE;
        }
    }

    private Step exportName(String name) throws IOException {
        BlockDevice device;
        try {
            device = take(name).orElse(null);
        } catch (IOException e) {
            // EXPORT_NAME has no way to report an error: the session ends.
            LOG.info("{}: export {} cannot be opened: {}", peer, name, e.getMessage());
            return Step.END;
        }
        if (device == null) {
            LOG.info("{}: no export named {}", peer, name);
            return Step.END;
        }
        try {
            int flags = NegotiatedExport.transmissionFlags(device, structuredReplies);
            out.write(HandshakeCodec.exportNameReply(device.size(), flags, noZeroes));
            out.flush();
            return new Step(true, new NegotiatedExport(name, device, flags, structuredReplies,
                    structuredReplies && name.equals(allocationExport)));
        } catch (IOException | RuntimeException e) {
            closeQuietly(device);
            throw e;
        }
    }

    private void list(byte[] data) throws IOException {
        if (data.length != 0) {
            reply(NbdProtocol.OPT_LIST, NbdProtocol.REP_ERR_INVALID, "NBD_OPT_LIST takes no data");
            return;
        }
        for (String name : provider.names()) {
            out.write(HandshakeCodec.optionReply(NbdProtocol.OPT_LIST, NbdProtocol.REP_SERVER,
                    HandshakeCodec.server(name)));
        }
        reply(NbdProtocol.OPT_LIST, NbdProtocol.REP_ACK);
    }

    private Step infoOrGo(int option, byte[] data) throws IOException {
        Optional<OptionData.ExportRequest> request = OptionData.exportRequest(data);
        if (request.isEmpty()) {
            reply(option, NbdProtocol.REP_ERR_INVALID, "malformed export request");
            return Step.CONTINUE;
        }
        String name = request.get().name();
        List<Integer> requests = request.get().informationRequests();
        BlockDevice device;
        try {
            device = take(name).orElse(null);
        } catch (DeviceBusyException e) {
            reply(option, NbdProtocol.REP_ERR_POLICY, e.getMessage());
            return Step.CONTINUE;
        } catch (IOException e) {
            LOG.warn("{}: export {} cannot be opened", peer, name, e);
            reply(option, NbdProtocol.REP_ERR_UNKNOWN, "export " + name + " cannot be opened: " + e.getMessage());
            return Step.CONTINUE;
        }
        if (device == null) {
            reply(option, NbdProtocol.REP_ERR_UNKNOWN, "no export named " + name);
            return Step.CONTINUE;
        }
        try {
            long size = device.size();
            int flags = NegotiatedExport.transmissionFlags(device, structuredReplies);
            info(option, HandshakeCodec.infoExport(size, flags));
            if (requests.contains(NbdProtocol.INFO_NAME)) {
                info(option, HandshakeCodec.infoText(NbdProtocol.INFO_NAME, name));
            }
            if (requests.contains(NbdProtocol.INFO_DESCRIPTION)) {
                info(option, HandshakeCodec.infoText(NbdProtocol.INFO_DESCRIPTION,
                        device.readOnly() ? "Granary block device (read-only)" : "Granary block device"));
            }
            // Sent even unasked: it tells every client what the server prefers, and binds only those that asked.
            info(option, HandshakeCodec.infoBlockSize(NegotiatedExport.minimumBlockSize(size),
                    NbdProtocol.PREFERRED_BLOCK_SIZE, NbdProtocol.MAXIMUM_PAYLOAD));
            reply(option, NbdProtocol.REP_ACK);
            if (option == NbdProtocol.OPT_GO) {
                return new Step(true, new NegotiatedExport(name, device, flags, structuredReplies,
                        structuredReplies && name.equals(allocationExport)));
            }
            heldName = name;
            heldDevice = device;
            return Step.CONTINUE;
        } catch (IOException | RuntimeException e) {
            closeQuietly(device);
            throw e;
        }
    }

    private void metaContext(int option, byte[] data) throws IOException {
        boolean set = option == NbdProtocol.OPT_SET_META_CONTEXT;
        if (set) {
            // A SET replaces the selection even when it fails.
            allocationExport = null;
        }
        if (!structuredReplies) {
            reply(option, NbdProtocol.REP_ERR_INVALID, "metadata contexts need structured replies first");
            return;
        }
        Optional<OptionData.MetaContextRequest> request = OptionData.metaContextRequest(data);
        if (request.isEmpty()) {
            reply(option, NbdProtocol.REP_ERR_INVALID, "malformed metadata context request");
            return;
        }
        String export = request.get().export();
        List<String> queries = request.get().queries();
        boolean allocation;
        if (set) {
            allocation = queries.contains(NbdProtocol.BASE_ALLOCATION);
        } else {
            // Listing with no query, with the namespace wildcard "base:" or with the exact name.
            allocation = queries.isEmpty() || queries.contains("base:") || queries.contains(NbdProtocol.BASE_ALLOCATION);
        }
        if (allocation) {
            out.write(HandshakeCodec.optionReply(option, NbdProtocol.REP_META_CONTEXT,
                    HandshakeCodec.metaContext(set ? NbdProtocol.BASE_ALLOCATION_ID : 0, NbdProtocol.BASE_ALLOCATION)));
            if (set) {
                allocationExport = export;
            }
        }
        reply(option, NbdProtocol.REP_ACK);
    }

    /** The device of that name: the one an earlier INFO opened, or a newly opened one. */
    private Optional<BlockDevice> take(String name) throws IOException {
        if (heldDevice != null && heldName.equals(name)) {
            BlockDevice device = heldDevice;
            heldDevice = null;
            heldName = null;
            return Optional.of(device);
        }
        releaseHeld();
        return provider.open(name);
    }

    private void releaseHeld() {
        if (heldDevice != null) {
            closeQuietly(heldDevice);
            heldDevice = null;
            heldName = null;
        }
    }

    private void closeQuietly(BlockDevice device) {
        try {
            device.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: closing a device failed", peer, e);
        }
    }

    private void info(int option, byte[] data) throws IOException {
        out.write(HandshakeCodec.optionReply(option, NbdProtocol.REP_INFO, data));
    }

    private void reply(int option, int type) throws IOException {
        out.write(HandshakeCodec.optionReply(option, type, new byte[0]));
        out.flush();
    }

    private void reply(int option, int type, String message) throws IOException {
        out.write(HandshakeCodec.optionError(option, type, message));
        out.flush();
    }
}
