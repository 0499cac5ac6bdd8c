package io.granary.launcher.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client-side signer against the examples in AWS's Signature Version 4 documentation for S3. */
class SigV4SignerTest {
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String EMPTY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final Instant AT = Instant.parse("2013-05-24T00:00:00Z");

    @Test
    void getObjectExample() {
        Map<String, String> headers = SigV4Signer.sign("GET", "examplebucket.s3.amazonaws.com", "/test.txt",
                Map.of("Range", "bytes=0-9"), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                KEY, SECRET, "us-east-1", AT);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", headers.get("Authorization"));
        assertEquals("20130524T000000Z", headers.get("x-amz-date"));
    }

    @Test
    void putObjectExample() {
        Map<String, String> headers = SigV4Signer.sign("PUT", "examplebucket.s3.amazonaws.com",
                SigV4Signer.encodePath("/test$file.text"),
                Map.of("Date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class", "REDUCED_REDUNDANCY"),
                "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", KEY, SECRET, "us-east-1", AT);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd", headers.get("Authorization"));
    }

    @Test
    void getBucketLifecycleExampleSignsAParameterWithoutAValue() {
        Map<String, String> headers = SigV4Signer.sign("GET", "examplebucket.s3.amazonaws.com", "/",
                Map.of("lifecycle", ""), Map.of(), EMPTY_HASH, KEY, SECRET, "us-east-1", AT);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                + "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543", headers.get("Authorization"));
    }

    @Test
    void listObjectsExampleSignsParametersSortedByName() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("prefix", "J");
        parameters.put("max-keys", "2");
        Map<String, String> headers = SigV4Signer.sign("GET", "examplebucket.s3.amazonaws.com", "/", parameters,
                Map.of(), EMPTY_HASH, KEY, SECRET, "us-east-1", AT);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                + "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7", headers.get("Authorization"));
    }

    @Test
    void queryStringsAreCanonical() {
        assertEquals("", SigV4Signer.query(Map.of()));
        assertEquals("uploads=", SigV4Signer.query(Map.of("uploads", "")));
        assertEquals("partNumber=7&uploadId=a%2Bb%2Fc~d%3D", SigV4Signer.query(Map.of("uploadId", "a+b/c~d=",
                "partNumber", "7")));
    }

    @Test
    void pathsAndLocations() {
        assertEquals("/b/dir/a%20b%2Bc%C3%A9~_.-", SigV4Signer.encodePath("/b/dir/a b+cé~_.-"));
        assertEquals(new S3Transfer.Location("bucket", "images/disk.qcow2"),
                S3Transfer.Location.parse("s3://bucket/images/disk.qcow2"));
        for (String bad : new String[] {"s3://bucket", "s3://bucket/", "s3:///key", "http://b/k"}) {
            assertThrows(IllegalArgumentException.class, () -> S3Transfer.Location.parse(bad), bad);
        }
    }
}
