package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** The ListParts response. */
@JacksonXmlRootElement(localName = "ListPartsResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"Bucket", "Key", "UploadId", "Initiator", "Owner", "StorageClass", "PartNumberMarker",
    "NextPartNumberMarker", "MaxParts", "IsTruncated", "Part"})
public record ListPartsResult(
        @JacksonXmlProperty(localName = "Bucket") String bucket,
        @JacksonXmlProperty(localName = "Key") String key,
        @JacksonXmlProperty(localName = "UploadId") String uploadId,
        @JacksonXmlProperty(localName = "Initiator") Owner initiator,
        @JacksonXmlProperty(localName = "Owner") Owner owner,
        @JacksonXmlProperty(localName = "StorageClass") String storageClass,
        @JacksonXmlProperty(localName = "PartNumberMarker") int partNumberMarker,
        @JacksonXmlProperty(localName = "NextPartNumberMarker") Integer nextPartNumberMarker,
        @JacksonXmlProperty(localName = "MaxParts") int maxParts,
        @JacksonXmlProperty(localName = "IsTruncated") boolean truncated,
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Part") List<Part> parts) {

    /** One {@code <Part>}. */
    @JsonPropertyOrder({"PartNumber", "LastModified", "ETag", "Size"})
    public record Part(
            @JacksonXmlProperty(localName = "PartNumber") int partNumber,
            @JacksonXmlProperty(localName = "LastModified") String lastModified,
            @JacksonXmlProperty(localName = "ETag") String etag,
            @JacksonXmlProperty(localName = "Size") long size) {
    }
}
