package io.granary.block.nbd;

import io.granary.block.BlockDevice;
import io.granary.block.BlockDevice.Allocation;
import io.granary.block.ReadOnlyDeviceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one checked request against the device and sends its reply. Device failures become NBD
 * errors here, in one place: a refusal to write becomes EPERM, any other failure EIO.
 *
 * <p>Thread-safe: worker threads run requests of one connection concurrently.
 */
final class CommandExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(CommandExecutor.class);

    private final NegotiatedExport export;
    private final BlockDevice device;
    private final ReplyWriter replies;

    CommandExecutor(NegotiatedExport export, ReplyWriter replies) {
        this.export = export;
        this.device = export.device();
        this.replies = replies;
    }

    /** Runs a request that {@link RequestCheck} let through; {@code payload} is a WRITE's data. */
    void execute(NbdRequest request, byte[] payload) {
        try {
            switch (request.type()) {
                case NbdProtocol.CMD_READ -> read(request);
                case NbdProtocol.CMD_WRITE -> {
                    if (payload.length > 0) {
                        device.write(request.offset(), ByteBuffer.wrap(payload), request.has(NbdProtocol.CMD_FLAG_FUA));
                    }
                    replies.success(request.handle());
                }
                case NbdProtocol.CMD_FLUSH -> {
                    device.flush();
                    replies.success(request.handle());
                }
                case NbdProtocol.CMD_TRIM -> {
                    if (request.length() > 0) {
                        device.trim(request.offset(), request.length(), request.has(NbdProtocol.CMD_FLAG_FUA));
                    }
                    replies.success(request.handle());
                }
                case NbdProtocol.CMD_WRITE_ZEROES -> writeZeroes(request);
                case NbdProtocol.CMD_BLOCK_STATUS -> blockStatus(request);
                default -> throw new IllegalStateException("unchecked command " + request.type());
            }
        } catch (ReadOnlyDeviceException e) {
            replies.error(request.handle(), NbdProtocol.EPERM, e.getMessage());
        } catch (IOException e) {
            LOG.warn("{}: command {} at {}+{} failed", export.name(), request.type(), request.offset(),
                    request.length(), e);
            replies.error(request.handle(), NbdProtocol.EIO, String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("{}: command {} at {}+{} failed", export.name(), request.type(), request.offset(),
                    request.length(), e);
            replies.error(request.handle(), NbdProtocol.EIO, "internal error: " + e);
        }
    }

    private void read(NbdRequest request) throws IOException {
        byte[] data = new byte[(int) request.length()];
        if (data.length > 0) {
            device.read(request.offset(), ByteBuffer.wrap(data));
        }
        replies.readData(request.handle(), request.offset(), data);
    }

    private void writeZeroes(NbdRequest request) throws IOException {
        boolean noHole = request.has(NbdProtocol.CMD_FLAG_NO_HOLE);
        if (request.has(NbdProtocol.CMD_FLAG_FAST_ZERO) && noHole) {
            // Provisioned zeroes cost as much as writing them; only deallocation is known to be fast.
            replies.error(request.handle(), NbdProtocol.ENOTSUP, "fast zeroing cannot keep the range allocated");
            return;
        }
        if (request.length() > 0) {
            device.writeZeroes(request.offset(), request.length(), !noHole, request.has(NbdProtocol.CMD_FLAG_FUA));
        }
        replies.success(request.handle());
    }

    private void blockStatus(NbdRequest request) throws IOException {
        List<Allocation> extents = device.allocation(request.offset(), request.length());
        if (extents.isEmpty()) {
            throw new IOException("the device described no extent at " + request.offset());
        }
        replies.encoded(ReplyEncoder.blockStatusChunk(request.handle(), NbdProtocol.BASE_ALLOCATION_ID, extents,
                request.length(), request.has(NbdProtocol.CMD_FLAG_REQ_ONE)));
    }
}
