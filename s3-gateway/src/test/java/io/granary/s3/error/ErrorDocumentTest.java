package io.granary.s3.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorDocumentTest {
    @Test
    void rendersCodeMessageDetailsAndRequestIdInOrder() {
        S3Exception e = new S3Exception(S3Error.NO_SUCH_KEY).with("Key", "a<&>\"b");
        String xml = new String(ErrorDocument.render(e, "0123456789ABCDEF"), StandardCharsets.UTF_8);
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                + "<Message>The specified key does not exist.</Message><Key>a&lt;&amp;>\"b</Key>"
                + "<RequestId>0123456789ABCDEF</RequestId><HostId>0123456789ABCDEF</HostId></Error>", xml);
    }

    @Test
    void everyStoreErrorHasAnS3Error() {
        for (io.granary.core.StoreError error : io.granary.core.StoreError.values()) {
            S3Exception s3 = StoreErrors.toS3(new io.granary.core.StoreException(error, "detail"));
            assertEquals(true, s3.error().status() >= 400, error.name());
        }
        assertEquals(S3Error.BUCKET_NOT_EMPTY,
                StoreErrors.toS3(new io.granary.core.StoreException(io.granary.core.StoreError.BUCKET_NOT_EMPTY, "x")).error());
        assertEquals(503, StoreErrors.toS3(new io.granary.core.StoreException(io.granary.core.StoreError.UNAVAILABLE, "x"))
                .error().status());
    }
}
