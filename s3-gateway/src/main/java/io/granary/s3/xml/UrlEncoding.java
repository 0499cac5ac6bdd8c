package io.granary.s3.xml;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code encoding-type=url} for listings: keys and prefixes percent-encoded as UTF-8 with spaces
 * as {@code +}, the form S3 returns and the SDKs and botocore decode.
 */
public final class UrlEncoding {
    private UrlEncoding() {
    }

    /** Encodes {@code value} when {@code encode} is set; passes it through otherwise (null stays null). */
    public static String apply(String value, boolean encode) {
        if (value == null || !encode) {
            return value;
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
