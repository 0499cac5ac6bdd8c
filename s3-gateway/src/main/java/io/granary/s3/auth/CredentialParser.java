package io.granary.s3.auth;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the parts that the {@code Authorization} header and a presigned URL share: the credential
 * {@code AKID/yyyyMMdd/region/s3/aws4_request} and the signed header list. Failures use the error
 * of the form being parsed, with AWS's wording after its prefix.
 */
final class CredentialParser {
    static final String SERVICE = "s3";

    /**
     * A parsed credential.
     *
     * @param accessKeyId the access key id
     * @param scope the scope the client signed for
     */
    record Credential(String accessKeyId, CredentialScope scope) {
    }

    private final S3Error error;
    private final String messagePrefix;

    /**
     * @param error the error malformed input raises
     * @param messagePrefix what AWS's messages for this form start with
     */
    CredentialParser(S3Error error, String messagePrefix) {
        this.error = error;
        this.messagePrefix = messagePrefix;
    }

    Credential parseCredential(String value) {
        String[] parts = value.split("/", -1);
        if (parts.length != 5 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw malformed("the Credential is mal-formed; expecting "
                    + "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        if (!parts[4].equals(CredentialScope.TERMINATOR)) {
            throw malformed("incorrect terminal \"" + parts[4] + "\". This endpoint uses \""
                    + CredentialScope.TERMINATOR + "\".");
        }
        return new Credential(parts[0], new CredentialScope(parts[1], parts[2], parts[3]));
    }

    /** The lower-cased names of a {@code ;}-separated signed header list, in the order given. */
    List<String> parseSignedHeaders(String value) {
        List<String> names = new ArrayList<>();
        for (String name : value.split(";", -1)) {
            String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                throw malformed("the SignedHeaders list is mal-formed: \"" + value + "\".");
            }
            names.add(trimmed.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(names);
    }

    /**
     * The policy on a parsed scope: the service must be S3, and the date the day of the signed
     * timestamp. Any region is accepted.
     */
    void checkScope(CredentialScope scope, String timestamp) {
        if (!scope.service().equals(SERVICE)) {
            throw malformed("incorrect service \"" + scope.service() + "\". This endpoint belongs to \""
                    + SERVICE + "\".");
        }
        String day = timestamp.substring(0, 8);
        if (!scope.date().equals(day)) {
            throw malformed("Invalid credential date \"" + scope.date()
                    + "\". This date is not the same as X-Amz-Date: \"" + day + "\".");
        }
    }

    S3Exception malformed(String reason) {
        return new S3Exception(error, messagePrefix + reason);
    }
}
