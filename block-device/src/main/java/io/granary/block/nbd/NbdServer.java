package io.granary.block.nbd;

import io.granary.block.BlockDeviceProvider;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NBD server exporting the devices of a {@link BlockDeviceProvider} by name, over the fixed
 * newstyle handshake, with structured replies and {@code base:allocation} block status for the
 * clients that ask for them.
 *
 * <p>Lifecycle: {@link #start()} once (LATENT to STARTED), then {@link #close()} (to CLOSED);
 * {@link #port()} is valid while STARTED. Every connection opens its own device handle and closes
 * it when the connection ends, however it ends.
 *
 * <p>Threads: one acceptor, one reader per connection, and {@link NbdSettings#workerThreads()}
 * workers shared by all connections for device operations. Thread-safe.
 */
public final class NbdServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(NbdServer.class);

    private enum State { LATENT, STARTED, CLOSED }

    private final BlockDeviceProvider provider;
    private final String host;
    private final int requestedPort;
    private final NbdSettings settings;
    private final Set<NbdConnection> connections = new HashSet<>();
    private State state = State.LATENT;
    private ServerSocket listener;
    private ExecutorService workers;
    private Thread acceptor;

    /**
     * @param host the address to listen on (127.0.0.1 for the local cloud)
     * @param port the port, or 0 for any free one
     */
    public NbdServer(BlockDeviceProvider provider, String host, int port, NbdSettings settings) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        this.requestedPort = port;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A server on 127.0.0.1 and any free port, with default settings. */
    public NbdServer(BlockDeviceProvider provider) {
        this(provider, "127.0.0.1", 0, NbdSettings.defaults());
    }

    /** Starts listening and accepting clients; fails if the address cannot be bound. */
    public synchronized void start() throws IOException {
        if (state != State.LATENT) {
            throw new IllegalStateException("cannot start an NBD server that is " + state);
        }
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), requestedPort));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        listener = socket;
        workers = Executors.newFixedThreadPool(settings.workerThreads(), threads("nbd-worker-"));
        acceptor = new Thread(this::acceptLoop, "nbd-acceptor-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        state = State.STARTED;
        acceptor.start();
        LOG.info("NBD server listening on {}:{}", host, socket.getLocalPort());
    }

    /** The port the server listens on. */
    public synchronized int port() {
        if (state != State.STARTED) {
            throw new IllegalStateException("the NBD server is " + state);
        }
        return listener.getLocalPort();
    }

    /**
     * Stops accepting, closes every connection, and waits (up to the settings' close timeout) for
     * requests in flight to finish and every device handle to be closed. Idempotent.
     */
    @Override
    public void close() {
        List<NbdConnection> open;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            boolean started = state == State.STARTED;
            state = State.CLOSED;
            if (!started) {
                return;
            }
            try {
                listener.close();
            } catch (IOException e) {
                LOG.warn("closing the NBD listener failed", e);
            }
            open = List.copyOf(connections);
        }
        open.forEach(NbdConnection::abort);
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        synchronized (this) {
            while (!connections.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{} NBD connections still busy after {}", connections.size(), settings.closeTimeout());
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        workers.shutdown();
        try {
            acceptor.join(settings.closeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (true) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                synchronized (this) {
                    if (state == State.CLOSED) {
                        return;
                    }
                }
                LOG.warn("accepting an NBD client failed", e);
                continue;
            }
            NbdConnection connection = new NbdConnection(socket, provider, workers, settings, this::closed);
            synchronized (this) {
                if (state == State.CLOSED) {
                    closeQuietly(socket);
                    return;
                }
                connections.add(connection);
            }
            Thread reader = new Thread(connection, "nbd-connection-" + connection.peer());
            reader.setDaemon(true);
            reader.start();
        }
    }

    private synchronized void closed(NbdConnection connection) {
        connections.remove(connection);
        notifyAll();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing a refused socket failed: {}", e.toString());
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
