package io.granary.it.s3a;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.contract.AbstractContractRenameTest;
import org.apache.hadoop.fs.contract.AbstractFSContract;
import org.apache.hadoop.fs.contract.ContractTestUtils;
import org.junit.Test;

/**
 * Hadoop's contract suite for rename() of files and directories: copy per object then a bulk
 * delete, through S3A.
 */
public class S3AContractRenameTest extends AbstractContractRenameTest {
    @Override
    protected AbstractFSContract createContract(Configuration conf) {
        return new GranaryS3AContract(conf);
    }

    /**
     * S3A does not rename a directory into an existing non-empty directory: it returns false and
     * moves nothing (hadoop-aws's own suite expects the same).
     */
    @Test
    @Override
    public void testRenameDirIntoExistingDir() throws Throwable {
        FileSystem fs = getFileSystem();
        Path sourceFile = new Path(path("source"), "source-256.txt");
        byte[] sourceData = ContractTestUtils.dataset(256, 'a', 'z');
        ContractTestUtils.writeDataset(fs, sourceFile, sourceData, sourceData.length, 1024, false);
        Path destFile = new Path(path("dest"), "dest-512.txt");
        byte[] destData = ContractTestUtils.dataset(512, 'A', 'Z');
        ContractTestUtils.writeDataset(fs, destFile, destData, destData.length, 1024, false);

        assertFalse("rename into a non-empty directory", fs.rename(path("source"), path("dest")));
        ContractTestUtils.verifyFileContents(fs, sourceFile, sourceData);
        ContractTestUtils.verifyFileContents(fs, destFile, destData);
        assertPathDoesNotExist("nothing moved", new Path(path("dest"), "source"));
    }

    /**
     * S3A checks the destination's parent, not every ancestor, so a rename to a path below a file
     * succeeds, as hadoop-aws documents ("rename deep paths under files is allowed").
     */
    @Test
    @Override
    public void testRenameFileUnderFileSubdir() throws Exception {
        FileSystem fs = getFileSystem();
        Path file = path("file");
        ContractTestUtils.writeTextFile(fs, file, "a file", true);
        Path source = path("source");
        byte[] data = ContractTestUtils.dataset(256, 'a', 'z');
        ContractTestUtils.writeDataset(fs, source, data, data.length, 1024, false);
        Path target = new Path(file, "parent/target");

        assertTrue(fs.rename(source, target));
        ContractTestUtils.verifyFileContents(fs, target, data);
        assertPathDoesNotExist("renamed away", source);
        assertIsFile(file);
    }
}
