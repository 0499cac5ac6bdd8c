package io.granary.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3Exception;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3AddressTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "/                           | NULL   | NULL",
        "/photos                     | photos | NULL",
        "/photos/                    | photos | NULL",
        "/photos/cat.jpg             | photos | cat.jpg",
        "/photos/a/b//c/             | photos | a/b//c/",
        "/photos/../../etc/passwd    | photos | ../../etc/passwd",
        "/photos/a%20b+c%2Bd         | photos | a b+c+d",
        "/photos/a%2Fb               | photos | a/b",
        "/photos/%E6%97%A5%E6%9C%AC  | photos | 日本",
        "/photos/100%25              | photos | 100%",
        "/photos/日本                 | photos | 日本",
    })
    void parsesPathStyle(String rawPath, String bucket, String key) {
        S3Address address = S3Address.fromRawPath(rawPath);
        assertEquals(bucket, address.bucket());
        assertEquals(key, address.key());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "/                    | NULL",
        "/cat.jpg             | cat.jpg",
        "/photos/cat.jpg      | photos/cat.jpg",
        "//lead               | /lead",
        "/a%20b+c%2Fd         | a b+c/d",
        "/dir/                | dir/",
    })
    void parsesVirtualHostedStyle(String rawPath, String key) {
        S3Address address = S3Address.fromVirtualHost("photos", rawPath);
        assertEquals("photos", address.bucket());
        assertEquals(key, address.key());
    }

    @ParameterizedTest
    @CsvSource({"/b/%zz", "/b/%4", "/b/%C3%28"})
    void refusesMalformedEscapes(String rawPath) {
        S3Exception e = assertThrows(S3Exception.class, () -> S3Address.fromRawPath(rawPath));
        assertEquals(S3Error.INVALID_URI, e.error());
    }
}
