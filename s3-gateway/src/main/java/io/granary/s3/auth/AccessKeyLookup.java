package io.granary.s3.auth;

import io.granary.core.auth.AccessKey;
import java.util.Optional;

/**
 * Finds the access key a request names, such as {@code CredentialStore::findAccessKey}. Called once
 * per authenticated request, from any thread.
 */
@FunctionalInterface
public interface AccessKeyLookup {
    /** The key with this id; empty if there is none (the request then fails InvalidAccessKeyId). */
    Optional<AccessKey> find(String accessKeyId);
}
