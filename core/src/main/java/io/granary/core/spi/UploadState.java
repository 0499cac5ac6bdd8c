package io.granary.core.spi;

/** Where a multipart upload is in its life. */
public enum UploadState {
    /** Parts may be uploaded, listed and replaced; the upload may be completed or aborted. */
    OPEN,
    /**
     * A CompleteMultipartUpload has frozen the parts and is writing the object row. The parts no
     * longer change; the upload can only be finished (or, if the parts named turn out not to fit,
     * opened again by the completion that froze it).
     */
    COMPLETING
}
