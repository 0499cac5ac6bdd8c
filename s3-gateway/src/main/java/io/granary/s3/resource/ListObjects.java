package io.granary.s3.resource;

import io.granary.core.model.BucketInfo;
import io.granary.core.model.ListPage;
import io.granary.core.model.ListQuery;
import io.granary.core.model.ObjectInfo;
import io.granary.core.store.ObjectStore;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import io.granary.s3.http.S3Call;
import io.granary.s3.xml.CommonPrefix;
import io.granary.s3.xml.ListBucketResult;
import io.granary.s3.xml.ListBucketResultV2;
import io.granary.s3.xml.ObjectEntry;
import io.granary.s3.xml.Owner;
import io.granary.s3.xml.S3Xml;
import io.granary.s3.xml.UrlEncoding;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * ListObjects (version 1, marker paging) and ListObjectsV2 ({@code list-type=2}, continuation
 * tokens). max-keys above 1000 is clamped to 1000, as S3 does; a truncated version-1 page always
 * carries NextMarker, even without a delimiter, because CloudStack and s3cmd page by it.
 */
final class ListObjects {
    private final ObjectStore store;

    ListObjects(ObjectStore store) {
        this.store = store;
    }

    Response handle(S3Call call, BucketInfo bucket) {
        String listType = call.query("list-type");
        if (listType == null) {
            return Xml.ok(version1(call, bucket));
        }
        if (!listType.equals("2")) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid List Type specified").with("ArgumentName", "list-type")
                    .with("ArgumentValue", listType);
        }
        return Xml.ok(version2(call, bucket));
    }

    private ListBucketResult version1(S3Call call, BucketInfo bucket) {
        boolean url = urlEncoding(call);
        int maxKeys = maxKeys(call);
        String prefix = call.query("prefix");
        String delimiter = call.query("delimiter");
        String marker = call.query("marker");
        ListPage page = store.listObjects(bucket.name(), new ListQuery(prefix, delimiter, marker, maxKeys));
        Owner owner = new Owner(bucket.ownerId(), ownerName(call, bucket));
        return new ListBucketResult(bucket.name().value(), UrlEncoding.apply(orEmpty(prefix), url),
                UrlEncoding.apply(orEmpty(marker), url), UrlEncoding.apply(page.nextMarker(), url), maxKeys,
                UrlEncoding.apply(emptyToNull(delimiter), url), page.truncated(), url ? "url" : null,
                entries(page, owner, url), prefixes(page, url));
    }

    private ListBucketResultV2 version2(S3Call call, BucketInfo bucket) {
        boolean url = urlEncoding(call);
        int maxKeys = maxKeys(call);
        String prefix = call.query("prefix");
        String delimiter = call.query("delimiter");
        String token = call.query("continuation-token");
        String startAfter = call.query("start-after");
        String from = token != null ? decodeToken(token) : startAfter;
        ListPage page = store.listObjects(bucket.name(), new ListQuery(prefix, delimiter, from, maxKeys));
        Owner owner = "true".equals(call.query("fetch-owner")) ? new Owner(bucket.ownerId(), ownerName(call, bucket)) : null;
        return new ListBucketResultV2(bucket.name().value(), UrlEncoding.apply(orEmpty(prefix), url), maxKeys,
                page.objects().size() + page.commonPrefixes().size(), UrlEncoding.apply(emptyToNull(delimiter), url),
                page.truncated(), token, page.truncated() ? encodeToken(page.nextMarker()) : null,
                UrlEncoding.apply(emptyToNull(startAfter), url), url ? "url" : null,
                entries(page, owner, url), prefixes(page, url));
    }

    private static List<ObjectEntry> entries(ListPage page, Owner owner, boolean url) {
        return page.objects().stream().map(o -> entry(o, owner, url)).toList();
    }

    private static ObjectEntry entry(ObjectInfo object, Owner owner, boolean url) {
        return new ObjectEntry(UrlEncoding.apply(object.key().value(), url), S3Xml.timestamp(object.lastModified()),
                "\"" + object.etag() + "\"", object.size(), owner, object.storageClass());
    }

    private static List<CommonPrefix> prefixes(ListPage page, boolean url) {
        return page.commonPrefixes().stream().map(p -> new CommonPrefix(UrlEncoding.apply(p, url))).toList();
    }

    /** Buckets are only listed by their owners, so the caller's name is the owner's. */
    private static String ownerName(S3Call call, BucketInfo bucket) {
        return call.caller().userId().equals(bucket.ownerId()) ? call.caller().displayName() : bucket.ownerId();
    }

    private static boolean urlEncoding(S3Call call) {
        String encoding = call.query("encoding-type");
        if (encoding == null) {
            return false;
        }
        if (!encoding.equals("url")) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request")
                    .with("ArgumentName", "encoding-type").with("ArgumentValue", encoding);
        }
        return true;
    }

    static int maxKeys(S3Call call) {
        String value = call.query("max-keys");
        if (value == null) {
            return ListQuery.MAX_KEYS;
        }
        try {
            int maxKeys = Integer.parseInt(value.trim());
            if (maxKeys < 0) {
                throw new NumberFormatException();
            }
            return Math.min(maxKeys, ListQuery.MAX_KEYS);
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Provided max-keys not an integer or within integer range")
                    .with("ArgumentName", "max-keys").with("ArgumentValue", value);
        }
    }

    /** Continuation tokens are opaque to clients: the marker, base64url-encoded. */
    static String encodeToken(String marker) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The continuation token provided is incorrect")
                    .with("ArgumentName", "continuation-token");
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
