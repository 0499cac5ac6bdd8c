package io.granary.s3.xml;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** The optional CreateBucket request body. */
@JacksonXmlRootElement(localName = "CreateBucketConfiguration")
public record CreateBucketConfiguration(
        @JacksonXmlProperty(localName = "LocationConstraint") String locationConstraint) {
}
