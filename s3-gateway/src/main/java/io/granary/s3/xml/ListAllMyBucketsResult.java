package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** The ListBuckets response. */
@JacksonXmlRootElement(localName = "ListAllMyBucketsResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"Owner", "Buckets"})
public record ListAllMyBucketsResult(
        @JacksonXmlProperty(localName = "Owner") Owner owner,
        @JacksonXmlElementWrapper(localName = "Buckets") @JacksonXmlProperty(localName = "Bucket") List<Bucket> buckets) {

    /** One {@code <Bucket>}. */
    @JsonPropertyOrder({"Name", "CreationDate"})
    public record Bucket(
            @JacksonXmlProperty(localName = "Name") String name,
            @JacksonXmlProperty(localName = "CreationDate") String creationDate) {
    }
}
