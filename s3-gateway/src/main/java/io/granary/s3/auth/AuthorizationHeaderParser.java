package io.granary.s3.auth;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…}. Clients differ in
 * spacing (none or several spaces after the commas, tabs, a trailing comma); all of that is
 * accepted. The three components are required, each once, and nothing else may appear.
 */
final class AuthorizationHeaderParser {
    private static final String PREFIX = "The authorization header is malformed; ";
    private static final Set<String> COMPONENTS = Set.of("Credential", "SignedHeaders", "Signature");
    private static final CredentialParser CREDENTIALS =
            new CredentialParser(S3Error.AUTHORIZATION_HEADER_MALFORMED, PREFIX);

    private AuthorizationHeaderParser() {
    }

    /** The scope must be for S3 and dated the day of the request's timestamp. */
    static void checkScope(AuthorizationHeader header, String timestamp) {
        CREDENTIALS.checkScope(header.scope(), timestamp);
    }

    /**
     * @throws S3Exception AuthorizationHeaderMalformed for a malformed header; InvalidArgument
     *     "Unsupported Authorization Type" if it is not AWS4-HMAC-SHA256 at all
     */
    static AuthorizationHeader parse(String header) {
        String value = header.strip();
        if (!value.startsWith(StringToSign.ALGORITHM) || value.length() == StringToSign.ALGORITHM.length()
                || !Character.isWhitespace(value.charAt(StringToSign.ALGORITHM.length()))) {
            throw AuthenticationScheme.unsupported(header);
        }
        Map<String, String> components = new HashMap<>();
        for (String part : value.substring(StringToSign.ALGORITHM.length()).split(",", -1)) {
            String component = part.strip();
            if (component.isEmpty()) {
                continue;
            }
            int equals = component.indexOf('=');
            String name = equals < 0 ? component : component.substring(0, equals).strip();
            if (equals < 0 || !COMPONENTS.contains(name)
                    || components.put(name, component.substring(equals + 1).strip()) != null) {
                throw CREDENTIALS.malformed("the authorization component \"" + component + "\" is malformed.");
            }
        }
        if (components.size() != 3) {
            throw CREDENTIALS.malformed("the authorization header requires three components: "
                    + "Credential, SignedHeaders, and Signature.");
        }
        CredentialParser.Credential credential = CREDENTIALS.parseCredential(components.get("Credential"));
        return new AuthorizationHeader(credential.accessKeyId(), credential.scope(),
                CREDENTIALS.parseSignedHeaders(components.get("SignedHeaders")), components.get("Signature"));
    }
}
