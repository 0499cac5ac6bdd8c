package io.granary.s3.resource;

import io.granary.core.model.BucketName;
import io.granary.core.store.ObjectStore;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.CreateBucketConfiguration;
import io.granary.s3.xml.S3Xml;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * CreateBucket. The location constraint is recorded and reported back by GetBucketLocation; any
 * well-formed region name is accepted, since a private cloud decides for itself what its regions
 * are called. Canned ACLs other than {@code private} are refused until ACLs exist.
 */
final class CreateBucket {
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+|EU");

    /** A CreateBucketConfiguration is a few hundred bytes; nothing larger is read. */
    private static final int MAX_BODY = 64 * 1024;

    private final ObjectStore store;
    private final String defaultRegion;

    CreateBucket(ObjectStore store, String defaultRegion) {
        this.store = store;
        this.defaultRegion = defaultRegion;
    }

    Response handle(S3Call call) {
        BucketName name = call.bucket();
        String acl = call.header("x-amz-acl");
        if (acl != null && !acl.equals("private")) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Only the private canned ACL is supported.");
        }
        String region = location(call);
        store.createBucket(name, call.caller().userId(), region);
        return Response.ok().header("Location", "/" + name.value()).build();
    }

    private String location(S3Call call) {
        byte[] body;
        try (InputStream in = call.body()) {
            body = in == null ? new byte[0] : in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length == 0) {
            return defaultRegion;
        }
        if (body.length > MAX_BODY) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        String constraint = S3Xml.read(new ByteArrayInputStream(body), CreateBucketConfiguration.class)
                .locationConstraint();
        if (constraint == null || constraint.isBlank()) {
            return defaultRegion;
        }
        constraint = constraint.trim();
        if (!REGION.matcher(constraint).matches()) {
            throw new S3Exception(S3Error.INVALID_LOCATION_CONSTRAINT).with("LocationConstraint", constraint);
        }
        return constraint;
    }
}
