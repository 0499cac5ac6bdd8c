package io.granary.s3.resource;

import io.granary.core.store.ObjectStore;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.AddressingFilter;
import io.granary.s3.http.S3Call;
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

/** The object level, {@code /object}: each method picks its operation by sub-resource. */
@Path(AddressingFilter.OBJECT_PATH)
public final class ObjectResource {
    private final ObjectStore store;
    private final PutObject putObject;
    private final GetObject getObject;
    private final CopyObject copyObject;
    private final MultipartUploads multipart;

    @Inject
    public ObjectResource(ObjectStore store) {
        this.store = store;
        this.putObject = new PutObject(store);
        this.getObject = new GetObject(store);
        this.copyObject = new CopyObject(store);
        this.multipart = new MultipartUploads(store);
    }

    @PUT
    public Response put(@Context ContainerRequestContext request) throws IOException {
        S3Call call = new S3Call(request);
        SubResources.refuseUnhandled(call, Set.of("partNumber", "uploadId"));
        BucketAccess.requireOwned(store, call);
        if (MultipartUploads.isPartUpload(call)) {
            return multipart.put(call);
        }
        if (call.header("x-amz-copy-source") != null) {
            return copyObject.handle(call);
        }
        return putObject.handle(call);
    }

    @GET
    public Response get(@Context ContainerRequestContext request) {
        S3Call call = new S3Call(request);
        SubResources.refuseUnhandled(call, Set.of("acl", "partNumber", "uploadId"));
        BucketAccess.requireOwned(store, call);
        if (call.has("uploadId")) {
            return multipart.listParts(call);
        }
        if (call.has("acl")) {
            store.headObject(call.bucket(), call.key());
            return Xml.ok(SimpleDocuments.AccessControlPolicy.ownerOnly(
                    new Owner(call.caller().userId(), call.caller().displayName())));
        }
        return getObject.handle(call, false);
    }

    @HEAD
    public Response head(@Context ContainerRequestContext request) {
        S3Call call = new S3Call(request);
        SubResources.refuseUnhandled(call, Set.of("partNumber"));
        BucketAccess.requireOwned(store, call);
        return getObject.handle(call, true);
    }

    @DELETE
    public Response delete(@Context ContainerRequestContext request) {
        S3Call call = new S3Call(request);
        SubResources.refuseUnhandled(call, Set.of("uploadId"));
        BucketAccess.requireOwned(store, call);
        if (call.has("uploadId")) {
            return multipart.abort(call);
        }
        store.deleteObject(call.bucket(), call.key());
        return Response.noContent().build();
    }

    @POST
    public Response post(@Context ContainerRequestContext request) {
        S3Call call = new S3Call(request);
        SubResources.refuseUnhandled(call, Set.of("uploads", "uploadId"));
        if (call.has("uploads") || call.has("uploadId")) {
            BucketAccess.requireOwned(store, call);
            return multipart.post(call);
        }
        throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
    }
}
