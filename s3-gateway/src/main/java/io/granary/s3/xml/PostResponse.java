package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The response to a browser POST upload with {@code success_action_status=201}.
 *
 * @param location the object's URL
 * @param bucket the bucket
 * @param key the object's key
 * @param etag the object's entity tag, quoted
 */
@JacksonXmlRootElement(localName = "PostResponse")
@JsonPropertyOrder({"Location", "Bucket", "Key", "ETag"})
public record PostResponse(
        @JacksonXmlProperty(localName = "Location") String location,
        @JacksonXmlProperty(localName = "Bucket") String bucket,
        @JacksonXmlProperty(localName = "Key") String key,
        @JacksonXmlProperty(localName = "ETag") String etag) {
}
