package io.granary.s3.xml;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText;

/** The GetBucketLocation response: empty for us-east-1, as S3 answers. */
@JacksonXmlRootElement(localName = "LocationConstraint", namespace = S3Xml.NAMESPACE)
public record LocationConstraint(@JacksonXmlText String value) {
}
