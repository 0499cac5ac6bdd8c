package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The CompleteMultipartUpload response.
 *
 * @param location the object's URL
 * @param etag the object's entity tag, quoted
 */
@JacksonXmlRootElement(localName = "CompleteMultipartUploadResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"Location", "Bucket", "Key", "ETag"})
public record CompleteMultipartUploadResult(
        @JacksonXmlProperty(localName = "Location") String location,
        @JacksonXmlProperty(localName = "Bucket") String bucket,
        @JacksonXmlProperty(localName = "Key") String key,
        @JacksonXmlProperty(localName = "ETag") String etag) {
}
