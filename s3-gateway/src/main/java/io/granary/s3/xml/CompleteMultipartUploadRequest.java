package io.granary.s3.xml;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/**
 * The CompleteMultipartUpload request body, {@code <CompleteMultipartUpload>}: the parts, in the
 * order the client gives them. Read with or without S3's namespace; checksums of parts, which some
 * clients add, are ignored.
 *
 * @param parts null when there are none
 */
@JacksonXmlRootElement(localName = "CompleteMultipartUpload")
public record CompleteMultipartUploadRequest(
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Part") List<Part> parts) {

    /** One {@code <Part>}: its number and the ETag UploadPart returned for it. */
    public record Part(
            @JacksonXmlProperty(localName = "PartNumber") Integer partNumber,
            @JacksonXmlProperty(localName = "ETag") String etag) {
    }
}
