package io.granary.launcher.transfer;

import io.granary.launcher.admin.AdminSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One file uploaded as an S3 multipart upload: CreateMultipartUpload, the parts of a {@link
 * PartPlan} with up to {@link #PARALLEL_PARTS} in flight, then CompleteMultipartUpload listing
 * every part's number and ETag in order. Any failure, an interruption included, ends with
 * AbortMultipartUpload, so no parts are left stored; the exception says which request failed and
 * with which S3 error code.
 */
final class MultipartUpload {
    /** Parts in flight at once; each streams its own slice of the file, so memory stays small. */
    static final int PARALLEL_PARTS = 4;

    private final S3Requests s3;
    private final Path file;
    private final S3Transfer.Location to;
    private final PartPlan plan;
    private final Progress progress;

    MultipartUpload(S3Requests s3, Path file, S3Transfer.Location to, PartPlan plan, Progress progress) {
        if (!plan.multipart()) {
            throw new IllegalArgumentException("a plan for one PUT is not a multipart upload");
        }
        this.s3 = s3;
        this.file = file;
        this.to = to;
        this.plan = plan;
        this.progress = progress;
    }

    /** Uploads the file; on failure, the upload is aborted before the exception is thrown. */
    void run() throws IOException {
        String uploadId = create();
        try {
            List<String> etags = uploadParts(uploadId);
            complete(uploadId, etags);
        } catch (IOException | RuntimeException e) {
            String aborted = abort(uploadId, e);
            IOException failure = e instanceof InterruptedIOException
                    ? new InterruptedIOException(e.getMessage() + "; " + aborted)
                    : new IOException(e.getMessage() + "; " + aborted);
            failure.initCause(e);
            throw failure;
        }
    }

    private String create() throws IOException {
        HttpResponse<InputStream> response = s3.send(s3.request("POST", to, Map.of("uploads", ""),
                SigV4Signer.UNSIGNED_PAYLOAD).POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw new IOException("CreateMultipartUpload " + to + " failed with " + S3Requests.outcome(response));
        }
        S3Xml result = S3Xml.parse(S3Requests.body(response));
        String uploadId = result.child("UploadId");
        if (!result.root().equals("InitiateMultipartUploadResult") || uploadId == null || uploadId.isEmpty()) {
            throw new IOException("CreateMultipartUpload " + to + " answered a " + result.root() + " with no UploadId");
        }
        return uploadId;
    }

    /** The parts' ETags in part order, once every part is stored. */
    private List<String> uploadParts(String uploadId) throws IOException {
        List<PartPlan.Part> parts = plan.parts();
        String[] etags = new String[parts.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        int threads = Math.min(PARALLEL_PARTS, parts.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "upload-part");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    for (int index; !failed.get() && (index = next.getAndIncrement()) < parts.size(); ) {
                        try {
                            etags[index] = uploadPart(uploadId, parts.get(index));
                        } catch (IOException | RuntimeException e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return null;
                }));
            }
            // Every worker is waited for, failed or not, so no part is still in flight when the
            // upload is aborted; after a failure the others stop at the end of their current part.
            IOException first = null;
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading the parts of " + to);
        } finally {
            pool.shutdownNow();
        }
        return List.of(etags);
    }

    private String uploadPart(String uploadId, PartPlan.Part part) throws IOException {
        HttpRequest.BodyPublisher body = FileSlice.publisher(file, part.offset(), part.length(), progress);
        HttpResponse<InputStream> response = s3.send(s3.request("PUT", to,
                Map.of("partNumber", Integer.toString(part.number()), "uploadId", uploadId),
                SigV4Signer.UNSIGNED_PAYLOAD).PUT(body));
        String where = "UploadPart " + to + " part " + part.number() + " of " + plan.parts().size();
        if (response.statusCode() != 200) {
            throw new IOException(where + " failed with " + S3Requests.outcome(response));
        }
        S3Requests.discard(response);
        return response.headers().firstValue("ETag")
                .orElseThrow(() -> new IOException(where + " answered with no ETag"));
    }

    private void complete(String uploadId, List<String> etags) throws IOException {
        byte[] body = completeBody(etags).getBytes(StandardCharsets.UTF_8);
        HttpResponse<InputStream> response = s3.send(s3.request("POST", to, Map.of("uploadId", uploadId),
                AdminSignature.sha256Hex(body)).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (response.statusCode() != 200) {
            throw new IOException("CompleteMultipartUpload " + to + " failed with " + S3Requests.outcome(response));
        }
        // S3 answers 200 as soon as it starts assembling the parts, so a failure comes as an <Error> body.
        byte[] answer = S3Requests.body(response);
        String error = S3Requests.errorOf(answer);
        if (!error.isEmpty()) {
            throw new IOException("CompleteMultipartUpload " + to + " failed with HTTP 200" + error);
        }
        String root = S3Xml.parse(answer).root();
        if (!root.equals("CompleteMultipartUploadResult")) {
            throw new IOException("CompleteMultipartUpload " + to + " answered a " + root
                    + ", not a CompleteMultipartUploadResult");
        }
    }

    /** The CompleteMultipartUpload document: every part's number and ETag, in part order. */
    static String completeBody(List<String> etags) {
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        for (int i = 0; i < etags.size(); i++) {
            xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>")
                    .append(escape(etags.get(i))).append("</ETag></Part>");
        }
        return xml.append("</CompleteMultipartUpload>").toString();
    }

    /** Aborts the upload and says how that went, for the message of the failure that caused it. */
    private String abort(String uploadId, Exception cause) {
        // The abort must go out even if this thread was interrupted; the interruption is kept.
        boolean interrupted = Thread.interrupted();
        try {
            HttpResponse<InputStream> response = s3.send(s3.request("DELETE", to, Map.of("uploadId", uploadId),
                    SigV4Signer.UNSIGNED_PAYLOAD).DELETE());
            if (response.statusCode() / 100 == 2) {
                S3Requests.discard(response);
                return "the multipart upload was aborted";
            }
            return "aborting the multipart upload (" + uploadId + ") failed too, with " + S3Requests.outcome(response);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            return "aborting the multipart upload (" + uploadId + ") failed too: " + e.getMessage();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
