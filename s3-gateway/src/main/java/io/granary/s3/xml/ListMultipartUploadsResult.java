package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** The ListMultipartUploads response. */
@JacksonXmlRootElement(localName = "ListMultipartUploadsResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"Bucket", "KeyMarker", "UploadIdMarker", "NextKeyMarker", "NextUploadIdMarker", "Prefix",
    "Delimiter", "MaxUploads", "IsTruncated", "EncodingType", "Upload", "CommonPrefixes"})
public record ListMultipartUploadsResult(
        @JacksonXmlProperty(localName = "Bucket") String bucket,
        @JacksonXmlProperty(localName = "KeyMarker") String keyMarker,
        @JacksonXmlProperty(localName = "UploadIdMarker") String uploadIdMarker,
        @JacksonXmlProperty(localName = "NextKeyMarker") String nextKeyMarker,
        @JacksonXmlProperty(localName = "NextUploadIdMarker") String nextUploadIdMarker,
        @JacksonXmlProperty(localName = "Prefix") String prefix,
        @JacksonXmlProperty(localName = "Delimiter") String delimiter,
        @JacksonXmlProperty(localName = "MaxUploads") int maxUploads,
        @JacksonXmlProperty(localName = "IsTruncated") boolean truncated,
        @JacksonXmlProperty(localName = "EncodingType") String encodingType,
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Upload") List<Upload> uploads,
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "CommonPrefixes") List<CommonPrefix> commonPrefixes) {

    /** One {@code <Upload>}. */
    @JsonPropertyOrder({"Key", "UploadId", "Initiator", "Owner", "StorageClass", "Initiated"})
    public record Upload(
            @JacksonXmlProperty(localName = "Key") String key,
            @JacksonXmlProperty(localName = "UploadId") String uploadId,
            @JacksonXmlProperty(localName = "Initiator") Owner initiator,
            @JacksonXmlProperty(localName = "Owner") Owner owner,
            @JacksonXmlProperty(localName = "StorageClass") String storageClass,
            @JacksonXmlProperty(localName = "Initiated") String initiated) {
    }
}
