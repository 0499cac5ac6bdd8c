package io.granary.s3.http;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a request addresses: the service, a bucket or an object. In path style the path names all
 * of it: the service ({@code /}), a bucket ({@code /bucket} or {@code /bucket/}) or an object
 * ({@code /bucket/key}), the key being everything after the bucket's slash. In virtual-hosted
 * style the Host header names the bucket and the whole path after its first slash is the key. A
 * key is percent-decoded as UTF-8 and otherwise taken literally: {@code ..}, {@code //} and
 * {@code +} are part of the name, since an S3 key is a name, not a path.
 *
 * @param bucket the bucket name as sent (validated later), or {@code null} for the service
 * @param key the object key, or {@code null} for the service or a bucket
 */
public record S3Address(String bucket, String key) {
    /** Parses the raw (still percent-encoded) path of a request URI. */
    public static S3Address fromRawPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return new S3Address(null, null);
        }
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        int slash = path.indexOf('/');
        if (slash < 0) {
            return new S3Address(decode(path), null);
        }
        String bucket = decode(path.substring(0, slash));
        String key = path.substring(slash + 1);
        return new S3Address(bucket, key.isEmpty() ? null : decode(key));
    }

    /**
     * Parses the raw path of a virtual-hosted-style request, whose Host named {@code bucket}: the
     * path after its first slash is the key ({@code /} alone addresses the bucket).
     */
    public static S3Address fromVirtualHost(String bucket, String rawPath) {
        String key = rawPath == null ? "" : rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        return new S3Address(bucket, key.isEmpty() ? null : decode(key));
    }

    public boolean isService() {
        return bucket == null;
    }

    public boolean isBucket() {
        return bucket != null && key == null;
    }

    public boolean isObject() {
        return key != null;
    }

    /**
     * Percent-decodes UTF-8 as in a path ({@code +} stays {@code +}).
     *
     * @throws S3Exception InvalidURI for a malformed escape or invalid UTF-8
     */
    public static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new S3Exception(S3Error.INVALID_URI, "Couldn't parse the specified URI.");
                }
                bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new S3Exception(S3Error.INVALID_URI, "Couldn't parse the specified URI.");
        }
    }
}
