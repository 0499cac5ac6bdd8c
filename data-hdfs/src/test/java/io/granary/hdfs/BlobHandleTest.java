package io.granary.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.spi.BlobRef;
import io.granary.core.spi.CorruptBlobException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handle format and the file names it leads to. */
class BlobHandleTest {
    private static final FileId FILE = new FileId(1_717_243_200_123L, 0x9f1c0a7e5b3d2c41L);

    @Test
    void everyKindSurvivesEncoding() throws IOException {
        for (BlobHandle handle : new BlobHandle[] {
                new BlobHandle.Empty(),
                new BlobHandle.Packed(FILE, 8, 0xcafebabe),
                new BlobHandle.Packed(FILE, Long.MAX_VALUE, -1),
                new BlobHandle.OwnFile(FILE, 1 << 20)}) {
            assertEquals(handle, BlobHandle.decode(handle.encode()));
        }
    }

    @Test
    void encodingIsCompactAndVersioned() {
        assertEquals(2, new BlobHandle.Empty().encode().length);
        byte[] packed = new BlobHandle.Packed(FILE, 8, 1).encode();
        assertEquals(30, packed.length);
        assertEquals(BlobHandle.FORMAT_VERSION, packed[0]);
        assertEquals(22, new BlobHandle.OwnFile(FILE, 4096).encode().length);
    }

    @Test
    void refusesBytesThatAreNoHandle() {
        byte[] packed = new BlobHandle.Packed(FILE, 8, 1).encode();
        byte[] unknownVersion = packed.clone();
        unknownVersion[0] = 2;
        byte[] unknownKind = packed.clone();
        unknownKind[1] = 7;
        byte[] tooLong = Arrays.copyOf(packed, packed.length + 1);
        byte[] tooShort = Arrays.copyOf(packed, packed.length - 1);
        byte[] insideHeader = new BlobHandle.Packed(FILE, 3, 1).encode();
        byte[] noChunks = new BlobHandle.OwnFile(FILE, 0).encode();
        for (byte[] bytes : new byte[][] {{}, unknownVersion, unknownKind, tooLong, tooShort, insideHeader, noChunks}) {
            assertThrows(CorruptBlobException.class, () -> BlobHandle.decode(bytes));
        }
    }

    @Test
    void fileNamesAreMadeOfSafeCharactersOnly() {
        for (FileId id : new FileId[] {FILE, new FileId(0, 0), new FileId(Long.MAX_VALUE, -1),
                new FileId(Long.MIN_VALUE, Long.MIN_VALUE), new FileId(-1, 1)}) {
            assertTrue(id.name().matches("[0-9TZ+\\-a-f]+"), id.name());
        }
        assertEquals("20240601T120000123Z-9f1c0a7e5b3d2c41", FILE.name());
    }

    @Test
    void storeRefusesForeignHandles(@TempDir Path directory) throws IOException {
        try (FileSystem fs = TestFiles.rawLocal();
                HdfsBlobStore store = new HdfsBlobStore(fs, TestFiles.hadoopPath(directory),
                        HdfsBlobStoreConfig.defaults(), Clock.systemUTC())) {
            BlobRef foreign = new BlobRef(5, new byte[] {0, 0, 0, 0, 0, 0, 0, 1});
            assertThrows(CorruptBlobException.class, () -> store.open(foreign, 0, 5));
            assertThrows(CorruptBlobException.class, () -> store.release(foreign));
            BlobRef emptyClaimingBytes = new BlobRef(5, new BlobHandle.Empty().encode());
            assertThrows(CorruptBlobException.class, () -> store.open(emptyClaimingBytes, 0, 5));
        }
    }
}
