package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/**
 * The DeleteObjects response: a {@code <Deleted>} for each key deleted (none in quiet mode) and
 * an {@code <Error>} for each key that could not be.
 */
@JacksonXmlRootElement(localName = "DeleteResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"Deleted", "Error"})
public record DeleteResult(
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Deleted") List<Deleted> deleted,
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Error") List<DeleteError> errors) {

    public DeleteResult {
        deleted = List.copyOf(deleted);
        errors = List.copyOf(errors);
    }

    /** A key that was deleted, or that was not there (which S3 counts as deleted). */
    @JsonPropertyOrder({"Key", "VersionId"})
    public record Deleted(
            @JacksonXmlProperty(localName = "Key") String key,
            @JacksonXmlProperty(localName = "VersionId") String versionId) {
    }

    /** A key that could not be deleted, with S3's error code and message. */
    @JsonPropertyOrder({"Key", "VersionId", "Code", "Message"})
    public record DeleteError(
            @JacksonXmlProperty(localName = "Key") String key,
            @JacksonXmlProperty(localName = "VersionId") String versionId,
            @JacksonXmlProperty(localName = "Code") String code,
            @JacksonXmlProperty(localName = "Message") String message) {
    }
}
