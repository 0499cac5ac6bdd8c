package io.granary.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How paths, queries and headers become canonical. The paths are what clients put on the wire for
 * awkward keys; the canonical URI must be what they signed.
 */
class CanonicalRequestTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /bucket/photos/my%20file%2B1%25.jpg | /bucket/photos/my%20file%2B1%25.jpg
            /bucket/a%3Db%26c                   | /bucket/a%3Db%26c
            /bucket/~user/%C3%BC                | /bucket/~user/%C3%BC
            /bucket/%7Euser                     | /bucket/~user
            /bucket/%c3%bc                      | /bucket/%C3%BC
            /test$file.text                     | /test%24file.text
            /bucket/a+b                         | /bucket/a%2Bb
            /bucket/a=b&c                       | /bucket/a%3Db%26c
            /bucket/a/%2Fb                      | /bucket/a//b
            /bucket/100%                        | /bucket/100%25
            /bucket/100%zz                      | /bucket/100%25zz
            /bucket/ሴ                           | /bucket/%E1%88%B4
            /bucket/😀                          | /bucket/%F0%9F%98%80
            /bucket//a/./b/../c                 | /bucket//a/./b/../c
            ''                                  | /
            """)
    void canonicalUriIsTheKeyAsTheClientEncodedIt(String rawPath, String canonical) {
        assertEquals(canonical, CanonicalRequest.uri(new SignedRequest("GET", rawPath, "", Map.of()).rawPath()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            lifecycle                                                        | lifecycle=
            uploads&prefix=                                                  | prefix=&uploads=
            max-keys=2&prefix=J                                              | max-keys=2&prefix=J
            prefix=J&max-keys=2                                              | max-keys=2&prefix=J
            list-type=2&prefix=photos%2F&delimiter=%2F&encoding-type=url     | delimiter=%2F&encoding-type=url&list-type=2&prefix=photos%2F
            prefix=a+b                                                       | prefix=a%20b
            prefix=a%2Bb                                                     | prefix=a%2Bb
            prefix=a%2bb                                                     | prefix=a%2Bb
            x=%7e&y=~                                                        | x=~&y=~
            a=1&A=2&b                                                        | A=2&a=1&b=
            k=v=w                                                            | k=v%3Dw
            a=1&&b=2&                                                        | a=1&b=2
            p=2&p=10&p=1                                                     | p=1&p=10&p=2
            prefix=%E1%88%B4&marker=ሴ                                        | marker=%E1%88%B4&prefix=%E1%88%B4
            """)
    void canonicalQueryIsDecodedReencodedAndSorted(String rawQuery, String canonical) {
        assertEquals(canonical, CanonicalRequest.query(QueryString.parse(rawQuery), name -> false));
    }

    @Test
    void presignedSignatureIsNotPartOfItsOwnCanonicalQuery() {
        assertEquals("X-Amz-Date=20130524T000000Z&z=1", CanonicalRequest.query(
                QueryString.parse("z=1&X-Amz-Signature=abc&X-Amz-Date=20130524T000000Z"),
                PresignedQueryParser.SIGNATURE::equals));
    }

    @Test
    void headersAreTrimmedCollapsedJoinedAndListedInSignedOrder() {
        SignedRequest request = TestRequests.request("GET", "/", "", "Host", "example.com",
                "X-Amz-Meta-A", "  one  two\tthree ", "X-Amz-Meta-B", "x", "x-amz-meta-b", " y ");
        assertEquals("host:example.com\nx-amz-meta-a:one two three\nx-amz-meta-b:x,y\n",
                CanonicalRequest.headers(request, List.of("host", "x-amz-meta-a", "x-amz-meta-b")));
    }

    @Test
    void aSignedHeaderTheRequestLacksContributesNoLine() {
        SignedRequest request = TestRequests.request("PUT", "/", "", "Host", "example.com");
        assertEquals("host:example.com\n", CanonicalRequest.headers(request, List.of("host", "transfer-encoding")));
    }

    @Test
    void textJoinsTheSixParts() {
        CanonicalRequest canonical = new CanonicalRequest("GET", "/k", "a=1", "host:h\n", "host", "UNSIGNED-PAYLOAD");
        assertEquals("GET\n/k\na=1\nhost:h\n\nhost\nUNSIGNED-PAYLOAD", canonical.text());
        assertEquals("GET\n/other\na=1\nhost:h\n\nhost\nUNSIGNED-PAYLOAD", canonical.withUri("/other").text());
    }
}
