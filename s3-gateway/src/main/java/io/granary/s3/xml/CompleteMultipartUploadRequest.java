package io.granary.s3.xml;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/**
 * The CompleteMultipartUpload request body, {@code <CompleteMultipartUpload>}: the parts, in the
 * order the client gives them. Read with or without S3's namespace, with the parts' checksums if
 * the client names them.
 *
 * @param parts null when there are none
 */
@JacksonXmlRootElement(localName = "CompleteMultipartUpload")
public record CompleteMultipartUploadRequest(
        @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Part") List<Part> parts) {

    /** One {@code <Part>}: its number, the ETag UploadPart returned for it, and maybe its checksum. */
    public record Part(
            @JacksonXmlProperty(localName = "PartNumber") Integer partNumber,
            @JacksonXmlProperty(localName = "ETag") String etag,
            @JacksonXmlProperty(localName = "ChecksumCRC32") String checksumCrc32,
            @JacksonXmlProperty(localName = "ChecksumCRC32C") String checksumCrc32c,
            @JacksonXmlProperty(localName = "ChecksumCRC64NVME") String checksumCrc64nvme,
            @JacksonXmlProperty(localName = "ChecksumSHA1") String checksumSha1,
            @JacksonXmlProperty(localName = "ChecksumSHA256") String checksumSha256) {

        /** The checksum elements the part carries, by algorithm. */
        public ChecksumElements checksums() {
            return new ChecksumElements(checksumCrc32, checksumCrc32c, checksumCrc64nvme, checksumSha1, checksumSha256);
        }
    }
}
