package io.granary.launcher.admin;

import io.granary.core.auth.AccessKey;
import io.granary.core.auth.CredentialStore;
import io.granary.core.auth.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an admin API request's {@link AdminSignature signature}: closed by default, only the
 * access keys of one user (the administrator) are accepted.
 *
 * <p>Failures, as {@link AdminException}: 401 {@code MissingAuthentication} (no or malformed
 * authorization or date), {@code RequestTimeTooSkewed} (date more than
 * {@link AdminSignature#MAX_SKEW} away), {@code InvalidAccessKeyId}, {@code SignatureDoesNotMatch};
 * 400 {@code BadDigest} (the body is not what the content hash says); 403 {@code AccessDenied}
 * (a valid key of another user). Thread-safe.
 */
public final class AdminAuthenticator {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            Pattern.quote(AdminSignature.ALGORITHM) + " Credential=([^,\\s]+), ?Signature=([0-9a-f]{64})");

    private final CredentialStore credentials;
    private final String adminUser;
    private final Clock clock;

    public AdminAuthenticator(CredentialStore credentials, String adminUser, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.adminUser = Objects.requireNonNull(adminUser, "adminUser");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param header the request's headers by name (case-insensitive), null when absent
     * @return the access key the request was signed with
     */
    public AccessKey authenticate(String method, String rawPath, String rawQuery, Function<String, String> header,
            byte[] body) {
        String authorization = header.apply("Authorization");
        String date = header.apply(AdminSignature.DATE_HEADER);
        String content = header.apply(AdminSignature.CONTENT_HEADER);
        if (authorization == null || date == null || content == null) {
            throw unauthenticated("MissingAuthentication", "the request is not signed: Authorization, "
                    + AdminSignature.DATE_HEADER + " and " + AdminSignature.CONTENT_HEADER + " are required");
        }
        Matcher matcher = AUTHORIZATION.matcher(authorization.trim());
        if (!matcher.matches()) {
            throw unauthenticated("MissingAuthentication", "malformed Authorization header");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AdminSignature.DATE.parse(date));
        } catch (DateTimeParseException e) {
            throw unauthenticated("MissingAuthentication", "malformed " + AdminSignature.DATE_HEADER + ": " + date);
        }
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(AdminSignature.MAX_SKEW) > 0) {
            throw unauthenticated("RequestTimeTooSkewed", "the request's date " + date
                    + " is too far from the server's time " + AdminSignature.DATE.format(clock.instant()));
        }
        if (!AdminSignature.sha256Hex(body).equals(content)) {
            throw new AdminException(400, "BadDigest", "the body does not match " + AdminSignature.CONTENT_HEADER);
        }
        Optional<AccessKey> found = credentials.findAccessKey(matcher.group(1));
        if (found.isEmpty()) {
            throw unauthenticated("InvalidAccessKeyId", "no such access key: " + matcher.group(1));
        }
        AccessKey key = found.get();
        String expected = AdminSignature.signature(
                new AdminSignature.Request(method, rawPath, rawQuery, date, content), key.secretKey());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                matcher.group(2).getBytes(StandardCharsets.US_ASCII))) {
            throw unauthenticated("SignatureDoesNotMatch", "the signature does not match");
        }
        boolean admin = credentials.findUserById(key.userId()).map(User::name).filter(adminUser::equals).isPresent();
        if (!admin) {
            throw new AdminException(403, "AccessDenied", "only the keys of user " + adminUser + " may use the admin API");
        }
        return key;
    }

    private static AdminException unauthenticated(String code, String message) {
        return new AdminException(401, code, message);
    }
}
