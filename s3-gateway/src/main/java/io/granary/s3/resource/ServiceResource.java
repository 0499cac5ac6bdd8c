package io.granary.s3.resource;

import io.granary.core.store.ObjectStore;
import io.granary.s3.http.AddressingFilter;
import io.granary.s3.http.Caller;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.ListAllMyBucketsResult;
import io.granary.s3.xml.Owner;
import io.granary.s3.xml.S3Xml;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The service level, {@code /}: ListBuckets. */
@Path(AddressingFilter.SERVICE_PATH)
public final class ServiceResource {
    private final ObjectStore store;

    @Inject
    public ServiceResource(ObjectStore store) {
        this.store = store;
    }

    @GET
    public Response listBuckets(@Context ContainerRequestContext request) {
        Caller caller = new S3Call(request).caller();
        var buckets = store.listBuckets(caller.userId()).stream()
                .map(b -> new ListAllMyBucketsResult.Bucket(b.name().value(), S3Xml.timestamp(b.creationDate())))
                .toList();
        return Xml.ok(new ListAllMyBucketsResult(new Owner(caller.userId(), caller.displayName()), buckets));
    }
}
