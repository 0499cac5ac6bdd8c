package io.granary.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressingFilterTest {
    private final AddressingFilter filter = new AddressingFilter(List.of("example.com", "s3.example.com", "localhost"));

    @ParameterizedTest(name = "Host: [{0}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "photos.s3.example.com            | photos",
        "photos.s3.example.com:9000       | photos",
        "PHOTOS.S3.Example.COM:9000       | photos",
        "photos.s3.example.com.           | photos",
        "my.dotted.bucket.s3.example.com  | my.dotted.bucket",
        "s3.example.com                   | NULL",
        "s3.example.com:9000              | NULL",
        "example.com                      | NULL",
        "photos.example.com               | photos",
        "bucket.localhost:41234           | bucket",
        "localhost:41234                  | NULL",
        "127.0.0.1:9000                   | NULL",
        "[::1]:9000                       | NULL",
        "photos.elsewhere.org             | NULL",
        "notexample.com                   | NULL",
        ".s3.example.com                  | NULL",
        "a..s3.example.com                | NULL",
        "'  '                             | NULL",
    })
    void findsTheBucketInTheHost(String host, String bucket) {
        assertEquals(bucket, filter.bucketFromHost(host));
    }

    @ParameterizedTest
    @CsvSource({"photos.s3.example.com", "localhost", "127.0.0.1"})
    void withoutDomainsEverythingIsPathStyle(String host) {
        assertNull(new AddressingFilter().bucketFromHost(host));
        assertNull(new AddressingFilter(List.of("s3.example.com")).bucketFromHost(null));
    }
}
