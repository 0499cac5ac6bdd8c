package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** The ListObjectsV2 response. */
@JacksonXmlRootElement(localName = "ListBucketResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"Name", "Prefix", "MaxKeys", "KeyCount", "Delimiter", "IsTruncated", "ContinuationToken",
    "NextContinuationToken", "StartAfter", "EncodingType", "Contents", "CommonPrefixes"})
public record ListBucketResultV2(
        @JacksonXmlProperty(localName = "Name") String name,
        @JacksonXmlProperty(localName = "Prefix") String prefix,
        @JacksonXmlProperty(localName = "MaxKeys") int maxKeys,
        @JacksonXmlProperty(localName = "KeyCount") int keyCount,
        @JacksonXmlProperty(localName = "Delimiter") String delimiter,
        @JacksonXmlProperty(localName = "IsTruncated") boolean truncated,
        @JacksonXmlProperty(localName = "ContinuationToken") String continuationToken,
        @JacksonXmlProperty(localName = "NextContinuationToken") String nextContinuationToken,
        @JacksonXmlProperty(localName = "StartAfter") String startAfter,
        @JacksonXmlProperty(localName = "EncodingType") String encodingType,
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Contents") List<ObjectEntry> contents,
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "CommonPrefixes") List<CommonPrefix> commonPrefixes) {
}
