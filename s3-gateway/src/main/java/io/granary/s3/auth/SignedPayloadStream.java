package io.granary.s3.auth;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3ErrorStreamException;
import io.granary.s3.error.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A body whose SHA-256 was signed in {@code x-amz-content-sha256}: hashes what passes through and,
 * at the end, fails with XAmzContentSHA256Mismatch if the hash differs. With a known
 * {@code Content-Length}, the end is when that many bytes have been read, so a reader that stops
 * there without asking for more is still refused a mismatching body.
 */
final class SignedPayloadStream extends PayloadStream {
    private final InputStream in;
    private final String expectedSha256;
    private final MessageDigest digest = Hex.sha256();
    private final OptionalLong contentLength;
    private long length;
    private boolean verified;
    private S3ErrorStreamException failure;

    SignedPayloadStream(InputStream in, String expectedSha256, OptionalLong contentLength) {
        super(OptionalLong.empty());
        this.in = Objects.requireNonNull(in, "in");
        this.expectedSha256 = expectedSha256.toLowerCase(Locale.ROOT);
        this.contentLength = contentLength;
    }

    @Override
    public int read() throws IOException {
        if (failure != null) {
            throw failure;
        }
        int next = in.read();
        if (next < 0) {
            verify();
            return -1;
        }
        digest.update((byte) next);
        counted(1);
        return next;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (failure != null) {
            throw failure;
        }
        if (length == 0) {
            return 0;
        }
        int count = in.read(buffer, offset, length);
        if (count < 0) {
            verify();
            return -1;
        }
        digest.update(buffer, offset, count);
        counted(count);
        return count;
    }

    private void counted(int count) throws S3ErrorStreamException {
        length += count;
        if (contentLength.isPresent() && length == contentLength.getAsLong()) {
            verify();
        }
    }

    private void verify() throws S3ErrorStreamException {
        if (verified) {
            return;
        }
        String actual = Hex.encode(digest.digest());
        if (!actual.equals(expectedSha256)) {
            failure = new S3ErrorStreamException(new S3Exception(S3Error.X_AMZ_CONTENT_SHA256_MISMATCH)
                    .with("ClientComputedContentSHA256", expectedSha256)
                    .with("S3ComputedContentSHA256", actual));
            throw failure;
        }
        verified = true;
    }

    @Override
    public int available() throws IOException {
        return failure != null ? 0 : in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
