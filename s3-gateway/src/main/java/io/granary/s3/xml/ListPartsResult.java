package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.granary.core.checksum.ObjectChecksum;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** The ListParts response. */
@JacksonXmlRootElement(localName = "ListPartsResult", namespace = S3Xml.NAMESPACE)
@JsonPropertyOrder({"Bucket", "Key", "UploadId", "Initiator", "Owner", "StorageClass", "ChecksumAlgorithm", "PartNumberMarker",
    "NextPartNumberMarker", "MaxParts", "IsTruncated", "Part"})
public record ListPartsResult(
        @JacksonXmlProperty(localName = "Bucket") String bucket,
        @JacksonXmlProperty(localName = "Key") String key,
        @JacksonXmlProperty(localName = "UploadId") String uploadId,
        @JacksonXmlProperty(localName = "Initiator") Owner initiator,
        @JacksonXmlProperty(localName = "Owner") Owner owner,
        @JacksonXmlProperty(localName = "StorageClass") String storageClass,
        @JacksonXmlProperty(localName = "ChecksumAlgorithm") String checksumAlgorithm,
        @JacksonXmlProperty(localName = "PartNumberMarker") int partNumberMarker,
        @JacksonXmlProperty(localName = "NextPartNumberMarker") Integer nextPartNumberMarker,
        @JacksonXmlProperty(localName = "MaxParts") int maxParts,
        @JacksonXmlProperty(localName = "IsTruncated") boolean truncated,
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Part") List<Part> parts) {

    /** One {@code <Part>}. */
    @JsonPropertyOrder({"PartNumber", "LastModified", "ETag", "Size", "ChecksumCRC32", "ChecksumCRC32C",
        "ChecksumCRC64NVME", "ChecksumSHA1", "ChecksumSHA256"})
    public record Part(
            @JacksonXmlProperty(localName = "PartNumber") int partNumber,
            @JacksonXmlProperty(localName = "LastModified") String lastModified,
            @JacksonXmlProperty(localName = "ETag") String etag,
            @JacksonXmlProperty(localName = "Size") long size,
            @JacksonXmlProperty(localName = "ChecksumCRC32") String checksumCrc32,
            @JacksonXmlProperty(localName = "ChecksumCRC32C") String checksumCrc32c,
            @JacksonXmlProperty(localName = "ChecksumCRC64NVME") String checksumCrc64nvme,
            @JacksonXmlProperty(localName = "ChecksumSHA1") String checksumSha1,
            @JacksonXmlProperty(localName = "ChecksumSHA256") String checksumSha256) {

        /** A part, with its checksum (or none) in the element of its algorithm. */
        public static Part of(int partNumber, String lastModified, String etag, long size, ObjectChecksum checksum) {
            ChecksumElements c = ChecksumElements.of(checksum);
            return new Part(partNumber, lastModified, etag, size, c.crc32(), c.crc32c(), c.crc64nvme(), c.sha1(),
                    c.sha256());
        }
    }
}
