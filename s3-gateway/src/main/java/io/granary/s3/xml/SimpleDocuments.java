package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** Small fixed-shape responses for bucket and object settings that have one answer here. */
public final class SimpleDocuments {
    private SimpleDocuments() {
    }

    /** GetBucketRequestPayment: the bucket owner always pays. */
    @JacksonXmlRootElement(localName = "RequestPaymentConfiguration", namespace = S3Xml.NAMESPACE)
    public record RequestPaymentConfiguration(@JacksonXmlProperty(localName = "Payer") String payer) {
    }

    /** GetBucketVersioning for a bucket whose versioning was never enabled: an empty document. */
    @JacksonXmlRootElement(localName = "VersioningConfiguration", namespace = S3Xml.NAMESPACE)
    public record VersioningConfiguration() {
    }

    /** GetBucketAcl / GetObjectAcl: the owner has full control, nobody else has access. */
    @JacksonXmlRootElement(localName = "AccessControlPolicy", namespace = S3Xml.NAMESPACE)
    @JsonPropertyOrder({"Owner", "AccessControlList"})
    public record AccessControlPolicy(
            @JacksonXmlProperty(localName = "Owner") Owner owner,
            @JacksonXmlElementWrapper(localName = "AccessControlList") @JacksonXmlProperty(localName = "Grant") List<Grant> grants) {

        public static AccessControlPolicy ownerOnly(Owner owner) {
            return new AccessControlPolicy(owner, List.of(new Grant(
                    new Grantee("http://www.w3.org/2001/XMLSchema-instance", "CanonicalUser", owner.id(), owner.displayName()),
                    "FULL_CONTROL")));
        }
    }

    @JsonPropertyOrder({"Grantee", "Permission"})
    public record Grant(
            @JacksonXmlProperty(localName = "Grantee") Grantee grantee,
            @JacksonXmlProperty(localName = "Permission") String permission) {
    }

    @JsonPropertyOrder({"xmlns:xsi", "xsi:type", "ID", "DisplayName"})
    public record Grantee(
            @JacksonXmlProperty(isAttribute = true, localName = "xmlns:xsi") String xsiNamespace,
            @JacksonXmlProperty(isAttribute = true, localName = "xsi:type") String type,
            @JacksonXmlProperty(localName = "ID") String id,
            @JacksonXmlProperty(localName = "DisplayName") String displayName) {
    }
}
