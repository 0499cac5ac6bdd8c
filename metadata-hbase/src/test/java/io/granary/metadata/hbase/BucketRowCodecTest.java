package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.granary.core.model.BucketInfo;
import io.granary.core.model.BucketName;
import io.granary.core.spi.BucketRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BucketRowCodecTest {
    private static final BucketRecord BUCKET = new BucketRecord(new BucketInfo(BucketName.of("my.bucket-1"),
            "f".repeat(64), Instant.parse("2024-02-29T12:34:56.789123Z"), "eu-west-1"), Long.MIN_VALUE);

    @Test
    void aBucketRoundTrips() {
        assertEquals(BUCKET, BucketRowCodec.decode(BucketRowCodec.row(BUCKET.info().name()), BucketRowCodec.id(BUCKET.id()),
                BucketRowCodec.info(BUCKET.info())));
    }

    @Test
    void theRowKeyIsTheName() {
        assertEquals("my.bucket-1", new String(BucketRowCodec.row(BUCKET.info().name()), StandardCharsets.US_ASCII));
    }

    @Test
    void missingOrDamagedCellsAreMalformed() {
        byte[] row = BucketRowCodec.row(BUCKET.info().name());
        byte[] id = BucketRowCodec.id(BUCKET.id());
        byte[] info = BucketRowCodec.info(BUCKET.info());
        assertThrows(MalformedRowException.class, () -> BucketRowCodec.decode(row, null, info));
        assertThrows(MalformedRowException.class, () -> BucketRowCodec.decode(row, id, null));
        assertThrows(MalformedRowException.class, () -> BucketRowCodec.decode(row, new byte[7], info));
        assertThrows(MalformedRowException.class, () -> BucketRowCodec.decode(row, id, new byte[] {2}));
        assertThrows(MalformedRowException.class,
                () -> BucketRowCodec.decode("Not A Bucket".getBytes(StandardCharsets.US_ASCII), id, info));
    }
}
