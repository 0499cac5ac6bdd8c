package io.granary.launcher.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes {@code [offset, offset + length)} of a file as a stream of its own (so parts of one file
 * can be read at once by several requests), reporting what is read to a {@link Progress}.
 */
final class FileSlice extends InputStream {
    private final FileChannel channel;
    private final Progress progress;
    private long position;
    private final long end;

    private FileSlice(FileChannel channel, long offset, long length, Progress progress) {
        this.channel = channel;
        this.progress = progress;
        this.position = offset;
        this.end = offset + length;
    }

    static FileSlice open(Path file, long offset, long length, Progress progress) throws IOException {
        return new FileSlice(FileChannel.open(file, StandardOpenOption.READ), offset, length, progress);
    }

    /**
     * A request body of the slice, opened when the request is sent; an empty slice is an empty body
     * (a publisher with a length must have a positive one).
     */
    static HttpRequest.BodyPublisher publisher(Path file, long offset, long length, Progress progress) {
        if (length == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return open(file, offset, length, progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), length);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, end - position)), position);
        if (n < 0) {
            throw new IOException("the file ended at byte " + position + ", before " + end);
        }
        position += n;
        progress.advance(n);
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
