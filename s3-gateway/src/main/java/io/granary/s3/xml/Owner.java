package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** {@code <Owner>}: a canonical user id and display name. */
@JsonPropertyOrder({"ID", "DisplayName"})
public record Owner(
        @JacksonXmlProperty(localName = "ID") String id,
        @JacksonXmlProperty(localName = "DisplayName") String displayName) {
}
