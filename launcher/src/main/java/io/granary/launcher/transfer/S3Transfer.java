package io.granary.launcher.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Whole-object downloads and uploads between a local file and an S3 endpoint, signed with
 * {@link SigV4Signer}, with one progress bar per transfer.
 *
 * <p>Uploads follow a {@link PartPlan}: a file no longer than the part size (by default {@link
 * PartPlan#DEFAULT_PART_SIZE}, 64 MiB) goes in one PUT, a longer one as a multipart upload of parts
 * of that size, grown so that no file needs more than 10,000 parts; see {@link MultipartUpload}.
 * Payloads are sent as {@code UNSIGNED-PAYLOAD} and streamed from the file, so memory stays small
 * whatever the size. Downloads are one streamed GET, with no size limit.
 */
public final class S3Transfer {
    private final S3Requests s3;
    private final long partSize;

    /** A transfer with the default part size. */
    public S3Transfer(URI endpoint, String accessKeyId, String secretKey, String region, Clock clock) {
        this(endpoint, accessKeyId, secretKey, region, clock, PartPlan.DEFAULT_PART_SIZE);
    }

    /**
     * @param endpoint the gateway, {@code http://HOST:PORT}, addressed in path style
     * @param partSize the multipart threshold and part size of uploads, 5 MiB to 5 GiB
     * @throws IllegalArgumentException if the part size is out of S3's bounds
     */
    public S3Transfer(URI endpoint, String accessKeyId, String secretKey, String region, Clock clock,
            long partSize) {
        this.partSize = PartPlan.checkPartSize(partSize);
        this.s3 = new S3Requests(endpoint, accessKeyId, secretKey, region, clock);
    }

    /** An {@code s3://bucket/key} location. */
    public record Location(String bucket, String key) {
        public static Location parse(String url) {
            if (!url.startsWith("s3://")) {
                throw new IllegalArgumentException("not an s3:// URL: " + url);
            }
            String rest = url.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("an S3 location is s3://BUCKET/KEY: " + url);
            }
            return new Location(rest.substring(0, slash), rest.substring(slash + 1));
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /** Downloads the object into {@code file} (replaced), drawing progress on {@code progressOut}. */
    public long download(Location from, Path file, PrintStream progressOut) throws IOException {
        HttpResponse<InputStream> response = s3.send(s3.request("GET", from, Map.of(), SigV4Signer.UNSIGNED_PAYLOAD)
                .GET());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + from + " failed with " + S3Requests.outcome(response));
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Progress progress = new Progress(progressOut, "downloading " + from, length);
        long copied = 0;
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                copied += n;
                progress.advance(n);
            }
        }
        progress.done();
        if (length >= 0 && copied != length) {
            throw new IOException("the download of " + from + " ended after " + copied + " of " + length + " bytes");
        }
        return copied;
    }

    /**
     * Uploads {@code file} as the object, in one PUT or in parts by its {@link #plan}, drawing one
     * progress bar for the whole file on {@code progressOut}. A failed multipart upload is aborted,
     * so it leaves neither the object nor stored parts.
     *
     * @return the file's length
     */
    public long upload(Path file, Location to, PrintStream progressOut) throws IOException {
        PartPlan plan = plan(Files.size(file));
        Progress progress = new Progress(progressOut, "uploading " + to, plan.length());
        if (plan.multipart()) {
            new MultipartUpload(s3, file, to, plan, progress).run();
        } else {
            put(file, to, plan.length(), progress);
        }
        progress.done();
        return plan.length();
    }

    /** How a file of {@code length} bytes is uploaded by this transfer. */
    public PartPlan plan(long length) throws IOException {
        try {
            return PartPlan.of(length, partSize);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void put(Path file, Location to, long length, Progress progress) throws IOException {
        HttpRequest.BodyPublisher body = FileSlice.publisher(file, 0, length, progress);
        HttpResponse<InputStream> response = s3.send(s3.request("PUT", to, Map.of(), SigV4Signer.UNSIGNED_PAYLOAD)
                .PUT(body));
        if (response.statusCode() != 200) {
            throw new IOException("PUT " + to + " failed with " + S3Requests.outcome(response));
        }
        S3Requests.discard(response);
    }
}
