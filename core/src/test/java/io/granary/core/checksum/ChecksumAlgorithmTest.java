package io.granary.core.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ChecksumAlgorithmTest {
    /** The catalogued check values of the CRCs ("123456789") and the FIPS 180 examples ("abc"). */
    @ParameterizedTest(name = "{0}({1})")
    @CsvSource({
        "CRC32,     123456789, cbf43926",
        "CRC32C,    123456789, e3069283",
        "CRC64NVME, 123456789, ae8b14860a799888",
        "SHA1,      abc,       a9993e364706816aba3e25717850c26c9cd0d89d",
        "SHA256,    abc,       ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    })
    void computesTheStandardCheckValues(ChecksumAlgorithm algorithm, String input, String hex) {
        String expected = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        assertEquals(expected, checksum(algorithm, input.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(algorithm.isWellFormed(expected));
    }

    @Test
    void reproducesTheCrc32cOfTheS3TrailerExample() {
        byte[] letters = new byte[66560];
        Arrays.fill(letters, (byte) 'a');
        assertEquals("sOO8/Q==", checksum(ChecksumAlgorithm.CRC32C, letters));
    }

    @Test
    void updatesInPiecesLikeInOne() {
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        ChecksumAlgorithm.Running running = ChecksumAlgorithm.CRC64NVME.start();
        running.update(data, 0, 4);
        running.update(data, 4, 5);
        assertEquals(checksum(ChecksumAlgorithm.CRC64NVME, data), running.finish());
        Crc64Nvme crc = new Crc64Nvme();
        for (byte b : data) {
            crc.update(b);
        }
        assertEquals(0xae8b14860a799888L, crc.getValue());
        crc.reset();
        assertEquals(0L, crc.getValue());
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void isNamedByItsHeader(ChecksumAlgorithm algorithm) {
        assertEquals(Optional.of(algorithm), ChecksumAlgorithm.forHeader(algorithm.headerName().toUpperCase()));
        assertEquals("x-amz-checksum-" + algorithm.displayName().toLowerCase(), algorithm.headerName());
        assertFalse(algorithm.isWellFormed("%%%"));
    }

    private static String checksum(ChecksumAlgorithm algorithm, byte[] data) {
        ChecksumAlgorithm.Running running = algorithm.start();
        running.update(data, 0, data.length);
        return running.finish();
    }
}
