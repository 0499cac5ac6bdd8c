package io.granary.block.nbd;

import java.io.IOException;

/** A client broke the protocol in a way that leaves no answer but closing the connection. */
final class NbdProtocolException extends IOException {
    NbdProtocolException(String message) {
        super(message);
    }
}
