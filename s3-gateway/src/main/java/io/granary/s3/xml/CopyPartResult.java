package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The UploadPartCopy response.
 *
 * @param lastModified when the part was stored, in S3's XML timestamp form
 * @param etag the part's entity tag (the MD5 of the bytes copied), quoted
 */
@JacksonXmlRootElement(localName = "CopyPartResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"LastModified", "ETag"})
public record CopyPartResult(
        @JacksonXmlProperty(localName = "LastModified") String lastModified,
        @JacksonXmlProperty(localName = "ETag") String etag) {
}
