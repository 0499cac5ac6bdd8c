package io.granary.it.s3a;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.contract.AbstractContractRootDirectoryTest;
import org.apache.hadoop.fs.contract.AbstractFSContract;
import org.apache.hadoop.fs.contract.ContractTestUtils;
import org.junit.Test;

/**
 * Hadoop's contract suite for the bucket root: listing it, deleting under it, mkdirs and rename at
 * it, through S3A.
 */
public class S3AContractRootDirectoryTest extends AbstractContractRootDirectoryTest {
    @Override
    protected AbstractFSContract createContract(Configuration conf) {
        return new GranaryS3AContract(conf);
    }

    /**
     * S3A answers a non-recursive delete of the bucket root with false instead of an exception,
     * sending nothing (hadoop-aws's own suite leaves this case out); the root's files stay.
     */
    @Test
    @Override
    public void testRmNonEmptyRootDirNonRecursive() throws Throwable {
        FileSystem fs = getFileSystem();
        Path file = new Path("/testRmNonEmptyRootDirNonRecursive");
        ContractTestUtils.touch(fs, file);
        try {
            assertFalse(fs.delete(new Path("/"), false));
            assertIsFile(file);
            assertIsDirectory(new Path("/"));
        } finally {
            fs.delete(file, false);
        }
    }
}
