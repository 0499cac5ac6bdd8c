package io.granary.s3.auth;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/** An {@code UNSIGNED-PAYLOAD} body: nothing to verify, the bytes pass through. */
final class UnsignedPayloadStream extends PayloadStream {
    private final InputStream in;

    UnsignedPayloadStream(InputStream in) {
        super(OptionalLong.empty());
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return in.read(buffer, offset, length);
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
