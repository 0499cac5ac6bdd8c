package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** The CreateMultipartUpload response. */
@JacksonXmlRootElement(localName = "InitiateMultipartUploadResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"Bucket", "Key", "UploadId"})
public record InitiateMultipartUploadResult(
        @JacksonXmlProperty(localName = "Bucket") String bucket,
        @JacksonXmlProperty(localName = "Key") String key,
        @JacksonXmlProperty(localName = "UploadId") String uploadId) {
}
