package io.granary.core.model;

/**
 * The standard HTTP headers stored with an object and returned on GET and HEAD. Each is the value
 * the client sent, or {@code null} when it sent none.
 */
public record ContentHeaders(
        String contentType,
        String contentEncoding,
        String contentDisposition,
        String contentLanguage,
        String cacheControl,
        String expires) {

    public static final ContentHeaders NONE = new ContentHeaders(null, null, null, null, null, null);
}
