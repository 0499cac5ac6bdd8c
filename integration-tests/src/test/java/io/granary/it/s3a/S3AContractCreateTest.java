package io.granary.it.s3a;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.contract.AbstractContractCreateTest;
import org.apache.hadoop.fs.contract.AbstractFSContract;
import org.apache.hadoop.fs.contract.ContractTestUtils;
import org.junit.Test;

/**
 * Hadoop's contract suite for create(): overwrite rules, files over directories, visibility on
 * close, through S3A. Where the suite would skip a case because an object store behaves otherwise
 * than a file system (the contract options say so), the case is replaced by one that asserts what
 * S3A on Granary does instead.
 */
public class S3AContractCreateTest extends AbstractContractCreateTest {
    @Override
    protected AbstractFSContract createContract(Configuration conf) {
        return new GranaryS3AContract(conf);
    }

    /** An object appears whole when its stream closes (one PUT), never while it is written. */
    @Test
    @Override
    public void testCreatedFileIsImmediatelyVisible() throws Throwable {
        assertVisibleOnlyAfterClose(path("visible-on-close"), false);
    }

    /** A flush sends nothing: S3A buffers until close, so the object is still absent after it. */
    @Test
    @Override
    public void testCreatedFileIsVisibleOnFlush() throws Throwable {
        assertVisibleOnlyAfterClose(path("visible-after-flush"), true);
    }

    /** S3A does not look for files among a new file's ancestors: a file under a file is allowed. */
    @Test
    @Override
    public void testCreateFileUnderFile() throws Throwable {
        assertCreateBelowFileAllowed(new Path("child"));
    }

    /** Likewise a file under a directory that would sit under a file. */
    @Test
    @Override
    public void testCreateUnderFileSubdir() throws Throwable {
        assertCreateBelowFileAllowed(new Path("subdir/child"));
    }

    private void assertVisibleOnlyAfterClose(Path file, boolean flush) throws Throwable {
        FileSystem fs = getFileSystem();
        byte[] data = ContractTestUtils.dataset(1024, 'a', 'z');
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write(data);
            if (flush) {
                out.flush();
            }
            assertPathDoesNotExist("an object being written", file);
        }
        ContractTestUtils.verifyFileContents(fs, file, data);
    }

    private void assertCreateBelowFileAllowed(Path relative) throws Throwable {
        FileSystem fs = getFileSystem();
        Path parent = path("parent");
        ContractTestUtils.writeTextFile(fs, parent, "a file", true);
        Path child = new Path(parent, relative);
        byte[] data = ContractTestUtils.dataset(100, 'A', 'Z');
        ContractTestUtils.writeDataset(fs, child, data, data.length, 1024, false);
        ContractTestUtils.verifyFileContents(fs, child, data);
        assertIsFile(parent);
    }
}
