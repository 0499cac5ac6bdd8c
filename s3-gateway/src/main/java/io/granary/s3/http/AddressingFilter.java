package io.granary.s3.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The first thing every request meets: gives it an id, works out from the Host header and the raw
 * path which bucket and key it addresses, and routes it to the service, bucket or object resource
 * by rewriting the URI to {@code /}, {@code /bucket} or {@code /object}. Handlers read the bucket
 * and key from {@link RequestAttributes#ADDRESS}, never from a decoded path, so no key can be
 * mangled by path normalization. The raw path is the request line's, or, for a target Jetty could
 * not have parsed, the one {@link RawTargetConnectionFactory} kept aside.
 *
 * <p>Addressing is virtual-hosted style when the Host (without its port) is {@code bucket.domain}
 * for one of the configured domains: the bucket comes from the Host, the whole path is the key, and
 * {@link RequestAttributes#BUCKET_FROM_HOST} is set. Any other Host (a domain itself, an IP
 * address, a name outside the domains, none at all) means path style.
 */
@PreMatching
@Priority(100)
public final class AddressingFilter implements ContainerRequestFilter {
    /** Internal paths of the three resources. */
    public static final String SERVICE_PATH = "/";
    public static final String BUCKET_PATH = "/bucket";
    public static final String OBJECT_PATH = "/object";

    /** Longest first, so that of nested domains the most specific one wins. */
    private final List<String> domains;

    /** Path style only. */
    public AddressingFilter() {
        this(List.of());
    }

    /**
     * @param domains the base domains of virtual-hosted-style requests, lower case, such as
     *     {@code s3.example.com}; empty for path style only
     */
    public AddressingFilter(List<String> domains) {
        this.domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT))
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(RequestAttributes.REQUEST_ID, RequestIds.next());
        URI uri = request.getUriInfo().getRequestUri();
        String rawPath = request.getHeaderString(RawTargetConnectionFactory.RAW_PATH_HEADER);
        if (rawPath == null) {
            rawPath = uri.getRawPath() == null ? "/" : uri.getRawPath();
        }
        request.setProperty(RequestAttributes.RAW_PATH, rawPath);
        if (uri.getRawQuery() != null) {
            request.setProperty(RequestAttributes.RAW_QUERY, uri.getRawQuery());
        }
        String hostBucket = bucketFromHost(request.getHeaderString("Host"));
        S3Address address;
        if (hostBucket != null) {
            request.setProperty(RequestAttributes.BUCKET_FROM_HOST, hostBucket);
            address = S3Address.fromVirtualHost(hostBucket, rawPath);
        } else {
            address = S3Address.fromRawPath(rawPath);
        }
        request.setProperty(RequestAttributes.ADDRESS, address);
        String internal = address.isService() ? SERVICE_PATH : address.isBucket() ? BUCKET_PATH : OBJECT_PATH;
        URI base = request.getUriInfo().getBaseUri();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        request.setRequestUri(base, URI.create(base.toString().replaceAll("/$", "") + internal + query));
    }

    /**
     * The bucket a Host header names in virtual-hosted style ({@code bucket.domain[:port]}), or
     * null when the request is path style. Host names compare case-insensitively; the bucket is
     * returned in lower case (bucket names have no upper case). A bucket name may hold dots.
     */
    String bucketFromHost(String hostHeader) {
        if (domains.isEmpty() || hostHeader == null) {
            return null;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return null; // an IPv6 literal
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1); // the fully qualified form
        }
        if (domains.contains(host)) {
            return null;
        }
        for (String domain : domains) {
            if (host.length() > domain.length() + 1 && host.endsWith(domain)
                    && host.charAt(host.length() - domain.length() - 1) == '.') {
                String bucket = host.substring(0, host.length() - domain.length() - 1);
                // An empty DNS label is no bucket (and no valid host either).
                return bucket.startsWith(".") || bucket.endsWith(".") || bucket.contains("..") ? null : bucket;
            }
        }
        return null;
    }
}
