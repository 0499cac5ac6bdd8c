package io.granary.s3.resource;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;
import java.util.Set;

/**
 * The query parameters that turn a request on a bucket or object into another operation
 * ({@code ?acl}, {@code ?uploads}...). Requests for the ones not implemented yet are refused with
 * NotImplemented rather than mistaken for the plain operation.
 */
final class SubResources {
    static final Set<String> KNOWN = Set.of(
            "accelerate", "acl", "analytics", "attributes", "cors", "delete", "encryption",
            "intelligent-tiering", "inventory", "legal-hold", "lifecycle", "location", "logging", "metrics",
            "notification", "object-lock", "ownershipControls", "partNumber", "policy", "policyStatus",
            "publicAccessBlock", "replication", "requestPayment", "restore", "retention", "select", "tagging",
            "torrent", "uploadId", "uploads", "versioning", "versions", "website");

    private SubResources() {
    }

    /** Refuses the request if it names a sub-resource that is not among {@code handled}. */
    static void refuseUnhandled(S3Call call, Set<String> handled) {
        for (String parameter : call.queryParameters().keySet()) {
            if (KNOWN.contains(parameter) && !handled.contains(parameter)) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                        "The " + parameter + " sub-resource is not implemented yet.");
            }
        }
    }
}
