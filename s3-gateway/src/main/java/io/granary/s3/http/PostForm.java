package io.granary.s3.http;

import io.granary.s3.auth.PostPolicy;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;

/**
 * A browser POST upload whose policy the authentication filter verified: the fields that preceded
 * the file, and the file itself, still to be read from the request.
 *
 * @param fields the form's fields by lower-cased name
 * @param fileName the file part's {@code filename}, or an empty string
 * @param file the file's bytes, read from the request as they are consumed
 * @param policy the verified policy, whose content-length-range the handler enforces
 */
public record PostForm(Map<String, String> fields, String fileName, InputStream file, PostPolicy policy) {
    /** The request property that holds the form of a browser POST upload. */
    public static final String ATTRIBUTE = "granary.postForm";

    public PostForm {
        fields = Map.copyOf(fields);
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(policy, "policy");
    }

    /** A field's value, or {@code null}; names are compared without case. */
    public String field(String name) {
        return fields.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
