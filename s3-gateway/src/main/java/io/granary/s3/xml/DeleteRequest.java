package io.granary.s3.xml;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/**
 * The DeleteObjects request body, {@code <Delete>}: the keys to delete and whether to answer
 * quietly. Read with or without S3's namespace.
 *
 * @param quiet {@code true} (any case) for quiet mode, as sent; null when absent
 * @param objects the keys, in request order; null when there are none
 */
@JacksonXmlRootElement(localName = "Delete")
public record DeleteRequest(
        @JacksonXmlProperty(localName = "Quiet") String quiet,
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Object") List<ObjectIdentifier> objects) {

    /** Whether the response should leave out the keys that were deleted. */
    public boolean isQuiet() {
        return quiet != null && quiet.strip().equalsIgnoreCase("true");
    }

    /** One {@code <Object>}: a key and, optionally, the version to delete. */
    public record ObjectIdentifier(
            @JacksonXmlProperty(localName = "Key") String key,
            @JacksonXmlProperty(localName = "VersionId") String versionId) {
    }
}
