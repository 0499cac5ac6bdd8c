package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** s3cmd 2.3 (Debian's package), SigV4, path style: mb, put, ls, info, get, del, rb. */
class S3cmdTest {
    @TempDir
    Path work;
    private S3cmd s3cmd;

    @BeforeEach
    void configure() throws Exception {
        s3cmd = S3cmd.configure(work);
    }

    @Test
    void makesPutsListsGetsDeletes() throws Exception {
        String bucket = "s3cmd-" + UUID.randomUUID().toString().substring(0, 8);
        s3cmd.ok("mb", "s3://" + bucket);
        Path small = Cli.randomFile(work, "up/notes.txt", 54_321, 3);
        // Over s3cmd's 15 MB multipart threshold, sent as one PUT.
        Path large = Cli.randomFile(work, "up/large.bin", 20L << 20, 4);
        s3cmd.ok("put", small.toString(), "s3://" + bucket + "/docs/notes.txt");
        s3cmd.ok("put", "--disable-multipart", large.toString(), "s3://" + bucket + "/large.bin");

        String top = s3cmd.ok("ls", "s3://" + bucket + "/");
        assertTrue(top.contains("DIR") && top.contains("s3://" + bucket + "/docs/"), top);
        assertTrue(top.contains("s3://" + bucket + "/large.bin"), top);
        assertTrue(s3cmd.ok("ls", "s3://" + bucket + "/docs/").contains("s3://" + bucket + "/docs/notes.txt"));
        assertTrue(s3cmd.ok("info", "s3://" + bucket + "/large.bin").contains(String.valueOf(20L << 20)));

        Path down = work.resolve("down");
        Files.createDirectories(down);
        s3cmd.ok("get", "s3://" + bucket + "/docs/notes.txt", down.resolve("notes.txt").toString());
        s3cmd.ok("get", "s3://" + bucket + "/large.bin", down.resolve("large.bin").toString());
        assertTrue(Cli.sameBytes(small, down.resolve("notes.txt")));
        assertTrue(Cli.sameBytes(large, down.resolve("large.bin")));

        s3cmd.ok("del", "s3://" + bucket + "/docs/notes.txt");
        s3cmd.ok("del", "s3://" + bucket + "/large.bin");
        assertFalse(s3cmd.ok("ls", "s3://" + bucket + "/").contains("large.bin"));
        s3cmd.ok("rb", "s3://" + bucket);
        assertFalse(s3cmd.ok("ls").contains("s3://" + bucket));
    }

}
