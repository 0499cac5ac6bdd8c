package io.granary.s3.resource;

import io.granary.core.model.BucketInfo;
import io.granary.core.store.ObjectStore;
import io.granary.s3.GatewaySettings;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.AddressingFilter;
import io.granary.s3.http.PostForm;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.LocationConstraint;
import io.granary.s3.xml.Owner;
import io.granary.s3.xml.SimpleDocuments;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Set;

/** The bucket level, {@code /bucket}: each method picks its operation by sub-resource. */
@Path(AddressingFilter.BUCKET_PATH)
public final class BucketResource {
    private static final Set<String> GET_HANDLED = Set.of("location", "acl", "versioning", "requestPayment", "uploads");

    private final ObjectStore store;
    private final CreateBucket createBucket;
    private final ListObjects listObjects;
    private final DeleteObjects deleteObjects;
    private final MultipartUploads multipart;
    private final PostObject postObject;

    @Inject
    public BucketResource(ObjectStore store, GatewaySettings settings) {
        this.store = store;
        this.createBucket = new CreateBucket(store, settings.region());
        this.listObjects = new ListObjects(store);
        this.deleteObjects = new DeleteObjects(store);
        this.multipart = new MultipartUploads(store);
        this.postObject = new PostObject(store);
    }

    @PUT
    public Response put(@Context ContainerRequestContext request) {
        S3Call call = new S3Call(request);
        SubResources.refuseUnhandled(call, Set.of());
        return createBucket.handle(call);
    }

    @HEAD
    public Response head(@Context ContainerRequestContext request) {
        BucketInfo bucket = BucketAccess.requireOwned(store, new S3Call(request));
        return Response.ok().header("x-amz-bucket-region", bucket.region()).build();
    }

    @GET
    public Response get(@Context ContainerRequestContext request) {
        S3Call call = new S3Call(request);
        SubResources.refuseUnhandled(call, GET_HANDLED);
        BucketInfo bucket = BucketAccess.requireOwned(store, call);
        if (call.has("location")) {
            // S3 answers an empty constraint for us-east-1.
            String region = bucket.region().equals("us-east-1") ? null : bucket.region();
            return Xml.ok(new LocationConstraint(region));
        }
        if (call.has("acl")) {
            return Xml.ok(SimpleDocuments.AccessControlPolicy.ownerOnly(
                    new Owner(call.caller().userId(), call.caller().displayName())));
        }
        if (call.has("versioning")) {
            return Xml.ok(new SimpleDocuments.VersioningConfiguration());
        }
        if (call.has("requestPayment")) {
            return Xml.ok(new SimpleDocuments.RequestPaymentConfiguration("BucketOwner"));
        }
        if (call.has("uploads")) {
            return multipart.listUploads(call, bucket);
        }
        return listObjects.handle(call, bucket);
    }

    @DELETE
    public Response delete(@Context ContainerRequestContext request) {
        S3Call call = new S3Call(request);
        SubResources.refuseUnhandled(call, Set.of());
        BucketAccess.requireOwned(store, call);
        store.deleteBucket(call.bucket());
        return Response.noContent().build();
    }

    @POST
    public Response post(@Context ContainerRequestContext request) throws IOException {
        S3Call call = new S3Call(request);
        if (request.getProperty(PostForm.ATTRIBUTE) instanceof PostForm form) {
            return postObject.handle(call, form);
        }
        SubResources.refuseUnhandled(call, Set.of("delete"));
        if (call.has("delete")) {
            return deleteObjects.handle(call, BucketAccess.requireOwned(store, call));
        }
        throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
    }
}
