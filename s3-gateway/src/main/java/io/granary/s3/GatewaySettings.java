package io.granary.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings the S3 handlers and filters need.
 *
 * @param region the region of buckets created without a location constraint
 * @param virtualHostDomains the base domains of virtual-hosted-style requests: a request whose
 *     Host is {@code bucket.domain} addresses that bucket. Stored in lower case, without leading or
 *     trailing dots. Empty (the default) for path style only.
 */
public record GatewaySettings(String region, List<String> virtualHostDomains) {
    public GatewaySettings {
        Objects.requireNonNull(region, "region");
        List<String> domains = new ArrayList<>();
        for (String domain : virtualHostDomains) {
            String normalized = normalize(domain);
            if (!domains.contains(normalized)) {
                domains.add(normalized);
            }
        }
        virtualHostDomains = List.copyOf(domains);
    }

    /** Path style only. */
    public GatewaySettings(String region) {
        this(region, List.of());
    }

    private static String normalize(String domain) {
        String value = Objects.requireNonNull(domain, "domain").strip().toLowerCase(Locale.ROOT);
        while (value.startsWith(".")) {
            value = value.substring(1);
        }
        while (value.endsWith(".")) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.isEmpty() || !value.matches("[a-z0-9.-]+") || value.contains("..")) {
            throw new IllegalArgumentException("not a domain name for virtual-hosted-style requests: '" + domain
                    + "' (a host name without scheme or port, such as s3.example.com)");
        }
        return value;
    }
}
