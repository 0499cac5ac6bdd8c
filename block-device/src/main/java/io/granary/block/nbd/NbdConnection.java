package io.granary.block.nbd;

import io.granary.block.BlockDevice;
import io.granary.block.BlockDeviceProvider;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the handshake, then the transmission phase, on the connection's own
 * reader thread, with device operations on the server's shared workers.
 *
 * <p>The connection ends when the client disconnects (with or without NBD_CMD_DISC), breaks the
 * protocol, or the server closes it. Its socket and device are closed once the reader and every
 * request it handed out are done, whatever the way it ended; then {@code onClosed} runs once.
 */
final class NbdConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NbdConnection.class);
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;

    private final Socket socket;
    private final BlockDeviceProvider provider;
    private final ExecutorService workers;
    private final NbdSettings settings;
    private final Consumer<NbdConnection> onClosed;
    private final String peer;
    /** The reader thread plus each request in flight; whoever drops it to zero cleans up. */
    private final AtomicInteger holders = new AtomicInteger(1);
    private volatile BlockDevice device;

    NbdConnection(Socket socket, BlockDeviceProvider provider, ExecutorService workers, NbdSettings settings,
            Consumer<NbdConnection> onClosed) {
        this.socket = socket;
        this.provider = provider;
        this.workers = workers;
        this.settings = settings;
        this.onClosed = onClosed;
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
    }

    String peer() {
        return peer;
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), STREAM_BUFFER_BYTES));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), STREAM_BUFFER_BYTES);
            Optional<NegotiatedExport> negotiated = new OptionNegotiation(provider, in, out, peer).run();
            if (negotiated.isEmpty()) {
                return;
            }
            NegotiatedExport export = negotiated.get();
            device = export.device();
            socket.setSoTimeout(0);
            LOG.debug("{}: serving {} ({} bytes, flags 0x{}, structured replies {})", peer, export.name(),
                    export.device().size(), Integer.toHexString(export.transmissionFlags()), export.structuredReplies());
            ReplyWriter replies = new ReplyWriter(out, export.structuredReplies(), this::abort);
            int budget = (int) Math.min(Integer.MAX_VALUE, settings.maxInFlightBytesPerConnection());
            new TransmissionLoop(in, export, replies, this::submit, budget).run();
        } catch (NbdProtocolException e) {
            LOG.info("{}: dropped: {}", peer, e.getMessage());
        } catch (IOException e) {
            // The client went away or the server closed the socket.
            LOG.debug("{}: connection ended: {}", peer, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: connection failed", peer, e);
        } finally {
            release();
        }
    }

    /** Ends the connection at once: requests in flight finish, but their replies are not sent. */
    void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the socket failed: {}", peer, e.toString());
        }
    }

    private void submit(Runnable request) {
        holders.incrementAndGet();
        try {
            workers.execute(() -> {
                try {
                    request.run();
                } finally {
                    release();
                }
            });
        } catch (RejectedExecutionException e) {
            release();
            throw e;
        }
    }

    private void release() {
        if (holders.decrementAndGet() != 0) {
            return;
        }
        abort();
        BlockDevice opened = device;
        if (opened != null) {
            try {
                opened.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: closing the device failed", peer, e);
            }
        }
        onClosed.accept(this);
    }
}
