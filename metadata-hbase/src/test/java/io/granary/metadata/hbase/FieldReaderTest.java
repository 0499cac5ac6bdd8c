package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldReaderTest {
    @Test
    void fieldsRoundTripAtTheirLimits() {
        List<Long> numbers = List.of(0L, 1L, 127L, 128L, 16_383L, 16_384L, Integer.MAX_VALUE + 1L, Long.MAX_VALUE);
        FieldWriter out = new FieldWriter();
        for (long number : numbers) {
            out.writeVarLong(number).writeLong(-number);
        }
        out.writeInstant(Instant.MIN).writeInstant(Instant.MAX).writeOptionalText(null).writeOptionalText("");
        FieldReader in = new FieldReader(out.toByteArray());
        for (long number : numbers) {
            assertEquals(number, in.readVarLong());
            assertEquals(-number, in.readLong());
        }
        assertEquals(Instant.MIN, in.readInstant());
        assertEquals(Instant.MAX, in.readInstant());
        assertNull(in.readOptionalText());
        assertEquals("", in.readOptionalText());
        in.finish();
    }

    @Test
    void inconsistentFieldsAreMalformed() {
        byte[] tooLong = new byte[11];
        java.util.Arrays.fill(tooLong, (byte) 0x80);
        assertThrows(MalformedRowException.class, () -> new FieldReader(tooLong).readVarLong());
        // Ten bytes whose last carries bits beyond 64.
        byte[] overflow = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, 0x7F};
        assertThrows(MalformedRowException.class, () -> new FieldReader(overflow).readVarLong());
        assertThrows(MalformedRowException.class, () -> new FieldReader(new byte[] {5, 'a'}).readText());
        assertThrows(MalformedRowException.class, () -> new FieldReader(new byte[] {2}).readOptionalText());
        byte[] badNanos = new FieldWriter().writeLong(0).writeVarLong(1_000_000_000).toByteArray();
        assertThrows(MalformedRowException.class, () -> new FieldReader(badNanos).readInstant());
        byte[] outOfRange = new FieldWriter().writeLong(Long.MAX_VALUE).writeVarLong(0).toByteArray();
        assertThrows(MalformedRowException.class, () -> new FieldReader(outOfRange).readInstant());
        assertThrows(MalformedRowException.class, () -> new FieldReader(new byte[1]).finish());
    }
}
