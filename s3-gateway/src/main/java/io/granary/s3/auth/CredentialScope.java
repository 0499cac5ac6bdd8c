package io.granary.s3.auth;

import java.util.Objects;

/**
 * The scope a signature is limited to: {@code date/region/service/aws4_request}.
 *
 * @param date the signing date, {@code yyyyMMdd}
 * @param region the region the client signed for; any value is accepted (see the package notes)
 * @param service always {@code s3} once verified
 */
public record CredentialScope(String date, String region, String service) {
    /** The fixed last element of every scope. */
    public static final String TERMINATOR = "aws4_request";

    public CredentialScope {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(service, "service");
    }

    /** The scope as it appears in a string to sign. */
    @Override
    public String toString() {
        return date + "/" + region + "/" + service + "/" + TERMINATOR;
    }
}
