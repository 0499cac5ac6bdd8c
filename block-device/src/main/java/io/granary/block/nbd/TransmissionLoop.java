package io.granary.block.nbd;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The transmission phase of one connection, on its reader thread: reads requests, refuses bad
 * ones at once, and hands the rest to worker threads, whose replies may go out in any order.
 *
 * <p>Backpressure: every request in flight holds a share of the connection's byte budget (its
 * payload, at least {@link #MINIMUM_WEIGHT}); the loop stops reading while the budget is spent.
 */
final class TransmissionLoop {
    /** The budget share of a request without payload, which bounds how many can queue up. */
    static final int MINIMUM_WEIGHT = 4096;

    private final DataInputStream in;
    private final NegotiatedExport export;
    private final ReplyWriter replies;
    private final CommandExecutor executor;
    private final Executor workers;
    private final Semaphore budget;
    private final int budgetBytes;

    /**
     * @param workers runs requests; may refuse them once the server is closing
     * @param budgetBytes the connection's in-flight byte budget, at least the maximum payload
     */
    TransmissionLoop(DataInputStream in, NegotiatedExport export, ReplyWriter replies, Executor workers,
            int budgetBytes) {
        this.in = in;
        this.export = export;
        this.replies = replies;
        this.executor = new CommandExecutor(export, replies);
        this.workers = workers;
        this.budgetBytes = budgetBytes;
        this.budget = new Semaphore(budgetBytes);
    }

    /**
     * Serves requests until the client disconnects (NBD_CMD_DISC or end of stream) or the server
     * stops taking work. Requests already handed to workers may still be running on return.
     *
     * @throws NbdProtocolException when the client breaks the framing of the protocol
     */
    void run() throws IOException, InterruptedException {
        while (true) {
            NbdRequest request;
            try {
                request = NbdRequest.read(in);
            } catch (EOFException e) {
                return; // the client left without NBD_CMD_DISC
            }
            if (request.type() == NbdProtocol.CMD_DISC) {
                return;
            }
            RequestCheck.Rejection rejection = RequestCheck.check(request, export);
            if (rejection != null) {
                if (request.type() == NbdProtocol.CMD_WRITE) {
                    in.skipNBytes(request.length());
                }
                replies.error(request.handle(), rejection.error(), rejection.message());
                continue;
            }
            boolean carriesData = request.type() == NbdProtocol.CMD_READ || request.type() == NbdProtocol.CMD_WRITE;
            int weight = (int) Math.min(budgetBytes,
                    Math.max(MINIMUM_WEIGHT, carriesData ? request.length() : 0));
            budget.acquire(weight);
            byte[] payload = null;
            try {
                if (request.type() == NbdProtocol.CMD_WRITE) {
                    payload = new byte[(int) request.length()];
                    in.readFully(payload);
                }
                byte[] data = payload;
                workers.execute(() -> {
                    try {
                        executor.execute(request, data);
                    } finally {
                        budget.release(weight);
                    }
                });
            } catch (RejectedExecutionException e) {
                budget.release(weight);
                replies.error(request.handle(), NbdProtocol.ESHUTDOWN, "the server is shutting down");
                return;
            } catch (IOException | RuntimeException e) {
                budget.release(weight);
                throw e;
            }
        }
    }
}
