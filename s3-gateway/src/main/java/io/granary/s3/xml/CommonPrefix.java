package io.granary.s3.xml;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** One {@code <CommonPrefixes>} of a listing. */
public record CommonPrefix(@JacksonXmlProperty(localName = "Prefix") String prefix) {
}
