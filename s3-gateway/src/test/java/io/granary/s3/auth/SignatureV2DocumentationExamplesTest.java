package io.granary.s3.auth;

import io.granary.core.checksum.ChecksumAlgorithm;
import static io.granary.s3.auth.TestRequests.ACCESS_KEY_ID;
import static io.granary.s3.auth.TestRequests.EXAMPLE_LOOKUP;
import static io.granary.s3.auth.TestRequests.SECRET_KEY;
import static io.granary.s3.auth.TestRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "Authentication examples" of the S3 developer guide's "Signing and authenticating REST
 * requests" (Signature Version 2), with AWS's example credentials: each published StringToSign and
 * signature must come out exactly, and the verifier must accept the request carrying it.
 *
 * <p>Two editions are published. The original examples use the bucket {@code johnsmith}; every one of
 * them is consistent (the developer guide's current text shows {@code awsexamplebucket1} but still
 * the signatures computed for {@code johnsmith}). The user guide's edition recomputed the
 * signatures for {@code awsexamplebucket1}, except for its "Upload" (signed for
 * {@code static.awsexamplebucket1.net} while showing {@code static.example.com}) and its query
 * string example (still the {@code johnsmith} signature); those two are taken from the original.
 */
class SignatureV2DocumentationExamplesTest {
    /**
     * One example: the request as published, the bucket its Host header names (null for path
     * style), the published StringToSign and signature.
     */
    record Example(String name, SignedRequest request, String bucketFromHost, String stringToSign, String signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> headerExamples() {
        return Stream.of(
                objectGet("johnsmith", "bWq2s1WEIj+Ydj0vQ697zp+IXMU="),
                objectGet("awsexamplebucket1", "qgk2+6Sv9/oM7G3qLEjTH1a1l1g="),
                objectPut("johnsmith", "MyyxeRY7whkBe+bq8fHCL/2kKUg="),
                objectPut("awsexamplebucket1", "iqRzw+ileNPu1fhspnRs8nOjjIA="),
                list("johnsmith", "htDYFYduRNen8P9ZfE/s9SuKy0U="),
                list("awsexamplebucket1", "m0WP8eCtspQl5Ahe6L1SozdX9YA="),
                fetchAcl("johnsmith", "c2WLPFtWHVgbEmeEG93a4cG37dM="),
                fetchAcl("awsexamplebucket1", "82ZHiFIjc+WbcwFKGUVEQspPn+0="),
                upload(),
                listAllMyBuckets(),
                unicodeKeys()).map(Arguments::of);
    }

    /** "Object GET": virtual-hosted style, the bucket from the Host header. */
    private static Example objectGet(String bucket, String signature) {
        return new Example("Object GET " + bucket,
                request("GET", "/photos/puppy.jpg", "", "Host", bucket + ".s3.us-west-1.amazonaws.com",
                        "Date", "Tue, 27 Mar 2007 19:36:42 +0000", "Authorization", authorization(signature)),
                bucket, "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/" + bucket + "/photos/puppy.jpg", signature);
    }

    /** "Object PUT": Content-Type signed, Content-MD5 absent and so empty. */
    private static Example objectPut(String bucket, String signature) {
        return new Example("Object PUT " + bucket,
                request("PUT", "/photos/puppy.jpg", "", "Content-Type", "image/jpeg", "Content-Length", "94328",
                        "Host", bucket + ".s3.us-west-1.amazonaws.com", "Date", "Tue, 27 Mar 2007 21:15:45 +0000",
                        "Authorization", authorization(signature)),
                bucket, "PUT\n\nimage/jpeg\nTue, 27 Mar 2007 21:15:45 +0000\n/" + bucket + "/photos/puppy.jpg",
                signature);
    }

    /** "List": the trailing slash is signed, the listing parameters are not. */
    private static Example list(String bucket, String signature) {
        return new Example("List " + bucket,
                request("GET", "/", "prefix=photos&max-keys=50&marker=puppy", "User-Agent", "Mozilla/5.0",
                        "Host", bucket + ".s3.us-west-1.amazonaws.com", "Date", "Tue, 27 Mar 2007 19:42:41 +0000",
                        "Authorization", authorization(signature)),
                bucket, "GET\n\n\nTue, 27 Mar 2007 19:42:41 +0000\n/" + bucket + "/", signature);
    }

    /** "Fetch": the {@code ?acl} sub-resource is signed. */
    private static Example fetchAcl(String bucket, String signature) {
        return new Example("Fetch " + bucket,
                request("GET", "/", "acl", "Host", bucket + ".s3.us-west-1.amazonaws.com",
                        "Date", "Tue, 27 Mar 2007 19:44:46 +0000", "Authorization", authorization(signature)),
                bucket, "GET\n\n\nTue, 27 Mar 2007 19:44:46 +0000\n/" + bucket + "/?acl", signature);
    }

    /**
     * "Upload" to a CNAME bucket: {@code x-amz-*} headers lower-cased, sorted, trimmed, repeated ones
     * comma-joined; of the entity headers only Content-MD5 and Content-Type are signed.
     */
    private static Example upload() {
        String signature = "ilyl83RwaSoYIEdixDQcA4OnAnc=";
        return new Example("Upload static.johnsmith.net",
                request("PUT", "/db-backup.dat.gz", "", "User-Agent", "curl/7.15.5",
                        "Host", "static.johnsmith.net:8080", "Date", "Tue, 27 Mar 2007 21:06:08 +0000",
                        "x-amz-acl", "public-read", "content-type", "application/x-download",
                        "Content-MD5", "4gJE4saaMU4BqNR0kLY+lw==",
                        "X-Amz-Meta-ReviewedBy", "joe@johnsmith.net", "X-Amz-Meta-ReviewedBy", "jane@johnsmith.net",
                        "X-Amz-Meta-FileChecksum", "0x02661779", "X-Amz-Meta-ChecksumAlgorithm", "crc32",
                        "Content-Disposition", "attachment; filename=database.dat", "Content-Encoding", "gzip",
                        "Content-Length", "5913339", "Authorization", authorization(signature)),
                "static.johnsmith.net",
                "PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n"
                        + "x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\n"
                        + "x-amz-meta-filechecksum:0x02661779\n"
                        + "x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n"
                        + "/static.johnsmith.net/db-backup.dat.gz",
                signature);
    }

    /** "List all my buckets": no bucket, the resource is {@code /}. */
    private static Example listAllMyBuckets() {
        String signature = "qGdzdERIC03wnaRNKh6OqZehG9s=";
        return new Example("List all my buckets",
                request("GET", "/", "", "Host", "s3.us-west-1.amazonaws.com",
                        "Date", "Wed, 28 Mar 2007 01:29:59 +0000", "Authorization", authorization(signature)),
                null, "GET\n\n\nWed, 28 Mar 2007 01:29:59 +0000\n/", signature);
    }

    /** "Unicode keys": path style, the path signed exactly as sent, escapes' case included. */
    private static Example unicodeKeys() {
        String signature = "DNEZGsoieTZ92F3bUfSPQcbGmlM=";
        return new Example("Unicode keys",
                request("GET", "/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re", "", "Host", "s3.us-west-1.amazonaws.com",
                        "Date", "Wed, 28 Mar 2007 01:49:49 +0000", "Authorization", authorization(signature)),
                null, "GET\n\n\nWed, 28 Mar 2007 01:49:49 +0000\n/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re",
                signature);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerExamples")
    void headerExample(Example example) {
        assertEquals(example.stringToSign(), V2StringToSign.forHeader(example.request(), example.bucketFromHost()));
        assertEquals(example.signature(), V2Signature.sign(SECRET_KEY, example.stringToSign()));

        Instant signedAt = Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(
                example.request().header("Date").orElseThrow()));
        Authentication authentication = verifierAt(signedAt.plusSeconds(60))
                .verify(example.request(), example.bucketFromHost());
        assertEquals(ACCESS_KEY_ID, authentication.accessKeyId());
        assertEquals("example-user", authentication.userId());
        assertEquals(AuthenticationScheme.SIGNATURE_V2_HEADER, authentication.scheme());
        assertEquals(signedAt, authentication.requestTime());
        assertEquals(PayloadMode.UNSIGNED_PAYLOAD, authentication.payloadMode());
        assertNull(authentication.signing());
        assertNull(authentication.region());
    }

    /**
     * "Delete", path style, dated by {@code x-amz-date}. Its published StringToSign puts the
     * {@code x-amz-date} value in the Date line and leaves it out of the {@code x-amz-*} headers,
     * which contradicts the same page's "Time stamp requirement" (an empty Date line when
     * {@code x-amz-date} is present) that the SDK for Java v1, botocore and s3cmd follow. Both
     * readings are accepted; the rule's is the one reported in errors.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deleteExamples")
    void deleteExample(String bucket, String signature) {
        SignedRequest request = request("DELETE", "/" + bucket + "/photos/puppy.jpg", "", "User-Agent", "dotnet",
                "Host", "s3.us-west-1.amazonaws.com", "Date", "Tue, 27 Mar 2007 21:20:27 +0000",
                "x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000", "Authorization", authorization(signature));
        String published = "DELETE\n\n\nTue, 27 Mar 2007 21:20:26 +0000\n/" + bucket + "/photos/puppy.jpg";

        assertEquals(published, V2StringToSign.forHeaderWithAmzDateAsDate(request, null));
        assertEquals(signature, V2Signature.sign(SECRET_KEY, published));
        assertEquals("DELETE\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\n/" + bucket + "/photos/puppy.jpg",
                V2StringToSign.forHeader(request, null));

        Authentication authentication = verifierAt(Instant.parse("2007-03-27T21:21:00Z")).verify(request);
        assertEquals(Instant.parse("2007-03-27T21:20:26Z"), authentication.requestTime());
    }

    static Stream<Arguments> deleteExamples() {
        return Stream.of(Arguments.of("johnsmith", "lx3byBScXR6KzyMaifNkardMwNk="),
                Arguments.of("awsexamplebucket1", "XbyTlbQdu9Xw5o8P4iMwPktxQd8="));
    }

    /** "Query string request authentication": Expires in the Date line, the signature URL-encoded. */
    @Test
    void queryStringExample() {
        SignedRequest request = request("GET", "/photos/puppy.jpg",
                "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620",
                "Host", "johnsmith.s3.us-west-1.amazonaws.com");
        String published = "GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg";

        assertEquals(published, V2StringToSign.forQuery(request, "johnsmith", "1175139620"));
        assertEquals("NpgCjnDzrM+WFzoENXmpNDUsSn8=", V2Signature.sign(SECRET_KEY, published));

        Authentication authentication = verifierAt(Instant.ofEpochSecond(1175139620).minusSeconds(3600))
                .verify(request, "johnsmith");
        assertEquals(AuthenticationScheme.SIGNATURE_V2_QUERY, authentication.scheme());
        assertEquals(Instant.ofEpochSecond(1175139620), authentication.requestTime());
        assertEquals(PayloadMode.UNSIGNED_PAYLOAD, authentication.payloadMode());
    }

    private static SignatureV2Verifier verifierAt(Instant now) {
        return new SignatureV2Verifier(EXAMPLE_LOOKUP, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String authorization(String signature) {
        return "AWS " + ACCESS_KEY_ID + ":" + signature;
    }
}
