package io.granary.block.nbd;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Sends the replies of one connection, each one whole under one lock so that replies finishing on
 * several threads never interleave. Simple replies unless structured replies were negotiated.
 *
 * <p>Thread-safe. A failed send (the client went away) is reported once to {@code onBroken} and
 * makes every later send a no-op.
 */
final class ReplyWriter {
    private final OutputStream out;
    private final boolean structured;
    private final Runnable onBroken;
    private final Object lock = new Object();
    private boolean broken;

    ReplyWriter(OutputStream out, boolean structured, Runnable onBroken) {
        this.out = Objects.requireNonNull(out, "out");
        this.structured = structured;
        this.onBroken = Objects.requireNonNull(onBroken, "onBroken");
    }

    /** Success of a request without reply data. */
    void success(long handle) {
        // A simple reply is allowed for any payload-free reply, structured replies or not.
        send(ReplyEncoder.simpleReply(0, handle), null, 0);
    }

    /** Failure of a request; structured replies carry the message too. */
    void error(long handle, int error, String message) {
        if (structured) {
            send(ReplyEncoder.errorChunk(handle, error, message), null, 0);
        } else {
            send(ReplyEncoder.simpleReply(error, handle), null, 0);
        }
    }

    /** A read's data, {@code data.length} bytes from {@code offset}. */
    void readData(long handle, long offset, byte[] data) {
        if (!structured) {
            send(ReplyEncoder.simpleReply(0, handle), data, data.length);
        } else if (data.length == 0) {
            send(ReplyEncoder.noneChunk(handle), null, 0);
        } else {
            send(ReplyEncoder.offsetDataHeader(handle, offset, data.length, true), data, data.length);
        }
    }

    /** A complete, already encoded reply such as a block status chunk. */
    void encoded(byte[] reply) {
        send(reply, null, 0);
    }

    private void send(byte[] head, byte[] body, int bodyLength) {
        boolean failed = false;
        synchronized (lock) {
            if (broken) {
                return;
            }
            try {
                out.write(head);
                if (body != null) {
                    out.write(body, 0, bodyLength);
                }
                out.flush();
            } catch (IOException e) {
                broken = true;
                failed = true;
            }
        }
        if (failed) {
            onBroken.run();
        }
    }
}
