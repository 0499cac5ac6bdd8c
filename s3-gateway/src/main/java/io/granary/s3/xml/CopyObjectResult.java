package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The CopyObject response.
 *
 * @param etag the new object's entity tag, quoted
 * @param lastModified when the copy was stored, in S3's XML timestamp form
 */
@JacksonXmlRootElement(localName = "CopyObjectResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"ETag", "LastModified"})
public record CopyObjectResult(
        @JacksonXmlProperty(localName = "ETag") String etag,
        @JacksonXmlProperty(localName = "LastModified") String lastModified) {
}
