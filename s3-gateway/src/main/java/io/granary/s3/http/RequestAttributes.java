package io.granary.s3.http;

/** Names of the per-request properties the gateway's filters set for the handlers. */
public final class RequestAttributes {
    /** The request's id ({@code x-amz-request-id}), a String. */
    public static final String REQUEST_ID = "granary.requestId";
    /** The {@link S3Address} the request names. */
    public static final String ADDRESS = "granary.address";
    /** The path exactly as received, still percent-encoded, a String. */
    public static final String RAW_PATH = "granary.rawPath";
    /** The query exactly as received, still percent-encoded, a String or absent. */
    public static final String RAW_QUERY = "granary.rawQuery";
    /**
     * The bucket named by the Host header of a virtual-hosted-style request ({@code bucket.domain}),
     * a String; absent for path-style requests. Signature Version 2 signs it as part of the resource.
     */
    public static final String BUCKET_FROM_HOST = "granary.bucketFromHost";
    /** The authenticated {@link Caller}. */
    public static final String CALLER = "granary.caller";

    private RequestAttributes() {
    }
}
