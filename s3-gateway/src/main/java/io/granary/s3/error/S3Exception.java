package io.granary.s3.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request failed with an S3 error. Extra details (the resource, the string to sign, the
 * expected digest...) become additional elements of the error XML, in the order added.
 */
public class S3Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final S3Error error;
    private final Map<String, String> details = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public S3Exception(S3Error error) {
        this(error, error.defaultMessage());
    }

    public S3Exception(S3Error error, String message) {
        super(message);
        this.error = error;
    }

    public S3Exception(S3Error error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public S3Error error() {
        return error;
    }

    /** Adds an element to the error XML, such as {@code BucketName} or {@code StringToSign}. */
    public S3Exception with(String element, String value) {
        if (value != null) {
            details.put(element, value);
        }
        return this;
    }

    /** Adds a header to the error response, such as {@code Content-Range} on a 416. */
    public S3Exception withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Like {@link #with}, unless the element is already there (the thrower knew better). */
    public S3Exception withDefault(String element, String value) {
        if (value != null) {
            details.putIfAbsent(element, value);
        }
        return this;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    public Map<String, String> details() {
        return Map.copyOf(details);
    }

    /** The details in the order they were added. */
    public Iterable<Map.Entry<String, String>> orderedDetails() {
        return details.entrySet();
    }
}
