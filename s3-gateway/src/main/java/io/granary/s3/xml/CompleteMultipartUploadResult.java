package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.granary.core.checksum.ObjectChecksum;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The CompleteMultipartUpload response.
 *
 * @param location the object's URL
 * @param etag the object's entity tag, quoted
 */
@JacksonXmlRootElement(localName = "CompleteMultipartUploadResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"Location", "Bucket", "Key", "ETag", "ChecksumCRC32", "ChecksumCRC32C", "ChecksumCRC64NVME",
    "ChecksumSHA1", "ChecksumSHA256", "ChecksumType"})
public record CompleteMultipartUploadResult(
        @JacksonXmlProperty(localName = "Location") String location,
        @JacksonXmlProperty(localName = "Bucket") String bucket,
        @JacksonXmlProperty(localName = "Key") String key,
        @JacksonXmlProperty(localName = "ETag") String etag,
        @JacksonXmlProperty(localName = "ChecksumCRC32") String checksumCrc32,
        @JacksonXmlProperty(localName = "ChecksumCRC32C") String checksumCrc32c,
        @JacksonXmlProperty(localName = "ChecksumCRC64NVME") String checksumCrc64nvme,
        @JacksonXmlProperty(localName = "ChecksumSHA1") String checksumSha1,
        @JacksonXmlProperty(localName = "ChecksumSHA256") String checksumSha256,
        @JacksonXmlProperty(localName = "ChecksumType") String checksumType) {

    /** The result for an object with this checksum, or none. */
    public static CompleteMultipartUploadResult of(String location, String bucket, String key, String etag,
            ObjectChecksum checksum) {
        ChecksumElements c = ChecksumElements.of(checksum);
        return new CompleteMultipartUploadResult(location, bucket, key, etag, c.crc32(), c.crc32c(), c.crc64nvme(),
                c.sha1(), c.sha256(), checksum == null ? null : checksum.type().name());
    }
}
