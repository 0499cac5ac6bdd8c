package io.granary.it.s3a;

import static io.granary.it.s3a.S3AOnGranary.PART_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.testing.Fixtures;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.s3a.RemoteFileChangedException;
import org.apache.hadoop.fs.statistics.IOStatisticsSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Hadoop S3A (hadoop-aws 3.4.1 on the shaded Hadoop client) as a Hadoop FileSystem on the gateway,
 * with change detection at its default (server side, by ETag: If-Match on every GET and copy).
 * Whatever S3A stores is checked byte for byte, and its keys through a plain SDK client.
 */
class S3AFileSystemTest {
    private static final String READ_POLICY = "fs.option.openfile.read.policy";

    private static String bucket;
    private static FileSystem fs;
    private static S3Client s3;

    @BeforeAll
    static void connect() throws IOException {
        bucket = S3AOnGranary.createBucket();
        fs = open(conf -> { });
        s3 = S3AOnGranary.sdkClient();
    }

    @AfterAll
    static void close() throws IOException {
        s3.close();
        fs.close();
    }

    /** A FileSystem instance of its own (not cached) with some settings changed. */
    private static FileSystem open(Consumer<Configuration> settings) throws IOException {
        Configuration conf = S3AOnGranary.configuration();
        settings.accept(conf);
        return FileSystem.newInstance(URI.create("s3a://" + bucket + "/"), conf);
    }

    @Test
    void filesSmallAndLargeRoundTripByteForByte() throws IOException {
        for (int size : new int[] {0, 1, 1000, (1 << 20) + 1}) {
            Path path = new Path("/sizes/small-" + size);
            byte[] data = Fixtures.randomBytes(size);
            write(path, data);
            assertArrayEquals(data, readAll(path), "size " + size);
        }
        // Two full parts and a short one: CreateMultipartUpload, three UploadParts, Complete.
        byte[] large = Fixtures.randomBytes(2 * PART_SIZE + 12_345);
        Path path = new Path("/sizes/large");
        write(path, large);
        assertArrayEquals(large, readAll(path));
        String etag = s3.headObject(b -> b.bucket(bucket).key("sizes/large")).eTag();
        assertTrue(etag.matches("\"[0-9a-f]{32}-3\""), etag);
    }

    @Test
    void getFileStatusOnFilesAndDirectories() throws IOException {
        byte[] data = Fixtures.randomBytes(4321);
        Path file = new Path("/status/implicit/file");
        write(file, data);
        FileStatus status = fs.getFileStatus(file);
        assertTrue(status.isFile());
        assertEquals(data.length, status.getLen());
        assertEquals(fs.makeQualified(file), status.getPath());

        // A directory that exists only because a key lies below it (HEAD 404, then a LIST).
        assertTrue(fs.getFileStatus(new Path("/status/implicit")).isDirectory());
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(bucket).key("status/implicit/")));
        // A directory with a marker object and nothing in it.
        assertTrue(fs.mkdirs(new Path("/status/empty")));
        assertTrue(fs.getFileStatus(new Path("/status/empty")).isDirectory());
        assertTrue(fs.getFileStatus(new Path("/")).isDirectory());

        assertThrows(FileNotFoundException.class, () -> fs.getFileStatus(new Path("/status/missing")));
        // A key prefix that is not a path segment is not a directory.
        assertThrows(FileNotFoundException.class, () -> fs.getFileStatus(new Path("/status/impl")));
    }

    @Test
    void listStatusAndListFilesSeeFilesAndDirectories() throws IOException {
        Path base = new Path("/listing");
        TreeMap<String, Integer> files = new TreeMap<>();
        for (String name : List.of("a", "b", "dir1/c", "dir1/sub/d", "dir2/e")) {
            int size = 100 + name.length() * 31;
            write(new Path(base, name), Fixtures.randomBytes(size));
            files.put(name, size);
        }
        assertTrue(fs.mkdirs(new Path(base, "empty")));

        TreeMap<String, Boolean> children = new TreeMap<>();
        for (FileStatus child : fs.listStatus(base)) {
            children.put(child.getPath().getName(), child.isDirectory());
        }
        assertEquals(new TreeMap<>(Map.of("a", false, "b", false, "dir1", true, "dir2", true,
                "empty", true)), children);
        assertEquals(0, fs.listStatus(new Path(base, "empty")).length);
        assertArrayEquals(new FileStatus[] {fs.getFileStatus(new Path(base, "dir1/c"))},
                Arrays.stream(fs.listStatus(new Path(base, "dir1"))).filter(FileStatus::isFile)
                        .toArray(FileStatus[]::new));

        assertEquals(files, listFiles(fs, base, true));
        assertEquals(new TreeMap<>(Map.of("a", files.get("a"), "b", files.get("b"))),
                listFiles(fs, base, false));
        // The same listings in pages of two keys: ListObjectsV2 with continuation tokens, then
        // ListObjects (v1) with markers.
        for (int version : new int[] {2, 1}) {
            try (FileSystem paged = open(conf -> {
                conf.setInt("fs.s3a.paging.maximum", 2);
                conf.setInt("fs.s3a.list.version", version);
            })) {
                assertEquals(files, listFiles(paged, base, true), "list version " + version);
                assertEquals(children.keySet(), Set.copyOf(Arrays.stream(paged.listStatus(base))
                        .map(child -> child.getPath().getName()).toList()), "list version " + version);
            }
        }
    }

    @Test
    void openSeekAndReadFully() throws Exception {
        byte[] data = Fixtures.randomBytes(3 * (1 << 20) + 17);
        Path path = new Path("/read/file");
        write(path, data);
        for (String policy : List.of("sequential", "random")) {
            try (FSDataInputStream in = fs.openFile(path).opt(READ_POLICY, policy).build().get()) {
                byte[] buffer = new byte[70_000];
                in.seek(1_000_000);
                assertEquals(1_000_000, in.getPos());
                in.readFully(buffer);
                assertArrayEquals(Arrays.copyOfRange(data, 1_000_000, 1_070_000), buffer, policy);
                // Backwards, then a positioned read that leaves the position alone.
                in.seek(10);
                assertEquals(data[10] & 0xff, in.read(), policy);
                in.readFully(2 << 20, buffer);
                assertArrayEquals(Arrays.copyOfRange(data, 2 << 20, (2 << 20) + buffer.length), buffer, policy);
                assertEquals(11, in.getPos(), policy);
                in.seek(data.length - 5);
                byte[] tail = new byte[5];
                in.readFully(tail);
                assertArrayEquals(Arrays.copyOfRange(data, data.length - 5, data.length), tail, policy);
                assertEquals(-1, in.read(), policy);
                assertThrows(EOFException.class, () -> in.readFully(data.length - 10, new byte[20]), policy);
                in.seek(data.length + 1);
                assertEquals(-1, in.read(), policy);
            }
        }
    }

    @Test
    void renameCopiesThenBulkDeletes() throws IOException {
        Path source = new Path("/rename/source");
        TreeMap<String, byte[]> contents = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            contents.put("f" + i, Fixtures.randomBytes(1000 + i));
        }
        contents.put("nested/deep/large", Fixtures.randomBytes(PART_SIZE + 3));
        for (var entry : contents.entrySet()) {
            write(new Path(source, entry.getKey()), entry.getValue());
        }
        long copies = counter("object_copy_requests");
        long bulkDeletes = counter("object_bulk_delete_request");

        Path target = new Path("/rename/target");
        assertTrue(fs.rename(source, target));
        for (var entry : contents.entrySet()) {
            assertArrayEquals(entry.getValue(), readAll(new Path(target, entry.getKey())), entry.getKey());
        }
        assertFalse(fs.exists(source));
        assertEquals(List.of(), keys("rename/source"));
        assertEquals(contents.size(), counter("object_copy_requests") - copies);
        assertTrue(counter("object_bulk_delete_request") > bulkDeletes);

        // One file, into a directory that does not exist yet.
        Path moved = new Path("/rename/elsewhere/f0");
        assertTrue(fs.rename(new Path(target, "f0"), moved));
        assertArrayEquals(contents.get("f0"), readAll(moved));
        assertFalse(fs.exists(new Path(target, "f0")));
    }

    @Test
    void recursiveDeleteRemovesEveryKeyInPages() throws IOException {
        Path base = new Path("/delete");
        try (FileSystem small = open(conf -> conf.setInt("fs.s3a.bulk.delete.page.size", 25))) {
            for (int i = 0; i < 60; i++) {
                write(small, new Path(base, "d" + (i % 4) + "/f" + i), Fixtures.randomBytes(10 + i));
            }
            assertTrue(small.mkdirs(new Path(base, "d0/empty")));
            long bulkDeletes = counter(small, "object_bulk_delete_request");

            assertThrows(PathIsNotEmptyDirectoryException.class, () -> small.delete(base, false));
            assertEquals(61, keys("delete/").size());
            assertTrue(small.delete(base, true));
            assertFalse(small.exists(base));
            assertEquals(List.of(), keys("delete/"));
            // 61 keys in pages of 25.
            assertTrue(counter(small, "object_bulk_delete_request") - bulkDeletes >= 3);
            assertFalse(small.delete(base, true));
        }
        // Stores without DeleteObjects: one DeleteObject per key.
        try (FileSystem single = open(conf -> conf.setBoolean("fs.s3a.multiobjectdelete.enable", false))) {
            for (int i = 0; i < 5; i++) {
                write(single, new Path(base, "single/f" + i), Fixtures.randomBytes(10 + i));
            }
            long deletes = counter(single, "object_delete_request");
            assertTrue(single.delete(base, true));
            assertEquals(List.of(), keys("delete/"));
            assertEquals(0, counter(single, "object_bulk_delete_request"));
            assertTrue(counter(single, "object_delete_request") - deletes >= 5);
        }
    }

    @Test
    void mkdirsPutsMarkersAndKeepsThem() throws IOException {
        Path leaf = new Path("/markers/a/b/c");
        assertTrue(fs.mkdirs(leaf));
        assertEquals(0, s3.headObject(b -> b.bucket(bucket).key("markers/a/b/c/")).contentLength());
        assertTrue(fs.getFileStatus(new Path("/markers/a")).isDirectory());
        assertTrue(fs.mkdirs(leaf), "mkdirs of an existing directory");

        byte[] data = Fixtures.randomBytes(99);
        write(new Path(leaf, "file"), data);
        // Directory marker retention is "keep" in Hadoop 3.4: the marker stays below the new file.
        assertEquals(List.of("markers/a/b/c/", "markers/a/b/c/file"), keys("markers/"));
        FileStatus[] children = fs.listStatus(leaf);
        assertEquals(1, children.length);
        assertEquals("file", children[0].getPath().getName());

        assertThrows(FileAlreadyExistsException.class, () -> fs.mkdirs(new Path(leaf, "file")));
        assertThrows(FileAlreadyExistsException.class, () -> fs.mkdirs(new Path(leaf, "file/below")));
        assertArrayEquals(data, readAll(new Path(leaf, "file")));
    }

    @Test
    void overwriteDuringReadIsDetectedNotMixed() throws Exception {
        Path path = new Path("/changing/file");
        byte[] first = Fixtures.randomBytes(1 << 20);
        write(path, first);
        byte[] second = Fixtures.randomBytes(1 << 20);
        // Random reads fetch 64 KiB ranges, so reading further on needs a new GET.
        try (FSDataInputStream in = fs.openFile(path).opt(READ_POLICY, "random").build().get()) {
            byte[] head = new byte[1000];
            in.readFully(head);
            assertArrayEquals(Arrays.copyOf(first, head.length), head);

            s3.putObject(b -> b.bucket(bucket).key("changing/file"), RequestBody.fromBytes(second));
            // That GET carries If-Match with the first ETag and gets 412.
            assertThrows(RemoteFileChangedException.class, () -> in.readFully(700_000, new byte[1000]));
        }
        assertArrayEquals(second, readAll(path));
    }

    @Test
    void openWithAStaleStatusIsDetected() throws Exception {
        Path path = new Path("/stale/file");
        write(path, Fixtures.randomBytes(5000));
        FileStatus stale = fs.getFileStatus(path);
        byte[] second = Fixtures.randomBytes(5000);
        s3.putObject(b -> b.bucket(bucket).key("stale/file"), RequestBody.fromBytes(second));

        assertThrows(RemoteFileChangedException.class, () -> {
            try (FSDataInputStream in = fs.openFile(path).withFileStatus(stale).build().get()) {
                in.read();
            }
        });
        assertArrayEquals(second, readAll(path));
    }

    @Test
    void copyPreconditionOfRenameAnswers412ForAChangedSource() throws IOException {
        // S3A's rename copies with x-amz-copy-source-if-match set to the ETag it listed.
        write(new Path("/copy/source"), Fixtures.randomBytes(3000));
        String listed = s3.headObject(b -> b.bucket(bucket).key("copy/source")).eTag();
        s3.putObject(b -> b.bucket(bucket).key("copy/source"), RequestBody.fromString("changed"));
        String current = s3.headObject(b -> b.bucket(bucket).key("copy/source")).eTag();
        assertNotEquals(listed, current);

        S3Exception refused = assertThrows(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("copy/source").copySourceIfMatch(listed).destinationBucket(bucket)
                .destinationKey("copy/target")));
        assertEquals(412, refused.statusCode());
        assertFalse(fs.exists(new Path("/copy/target")));
        assertTrue(fs.rename(new Path("/copy/source"), new Path("/copy/target")));
        assertEquals("changed", new String(readAll(new Path("/copy/target")), StandardCharsets.UTF_8));
    }

    private static void write(Path path, byte[] data) throws IOException {
        write(fs, path, data);
    }

    private static void write(FileSystem target, Path path, byte[] data) throws IOException {
        try (FSDataOutputStream out = target.create(path, true)) {
            out.write(data);
        }
    }

    private static byte[] readAll(Path path) throws IOException {
        int length = Math.toIntExact(fs.getFileStatus(path).getLen());
        byte[] data = new byte[length];
        try (FSDataInputStream in = fs.open(path)) {
            in.readFully(data);
            assertEquals(-1, in.read(), "end of " + path);
        }
        return data;
    }

    /** The files below {@code base} by relative path, with their lengths. */
    private static TreeMap<String, Integer> listFiles(FileSystem source, Path base, boolean recursive)
            throws IOException {
        String prefix = source.makeQualified(base) + "/";
        TreeMap<String, Integer> found = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> files = source.listFiles(base, recursive);
        while (files.hasNext()) {
            LocatedFileStatus file = files.next();
            assertTrue(file.isFile());
            assertTrue(file.getPath().toString().startsWith(prefix), file.getPath().toString());
            found.put(file.getPath().toString().substring(prefix.length()), Math.toIntExact(file.getLen()));
        }
        return found;
    }

    /** Every key below a prefix, as another client sees them. */
    private static List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private static long counter(String name) {
        return counter(fs, name);
    }

    private static long counter(FileSystem source, String name) {
        return ((IOStatisticsSource) source).getIOStatistics().counters().getOrDefault(name, 0L);
    }
}
