package io.granary.it.s3a;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.contract.AbstractContractEtagTest;
import org.apache.hadoop.fs.contract.AbstractFSContract;
import org.apache.hadoop.fs.contract.ContractTestUtils;
import org.junit.Test;

/**
 * Hadoop's contract suite for ETags on file statuses: present, stable for unchanged files, changed
 * by overwrites, through S3A.
 */
public class S3AContractEtagTest extends AbstractContractEtagTest {
    @Override
    protected AbstractFSContract createContract(Configuration conf) {
        return new GranaryS3AContract(conf);
    }

    /**
     * S3A does not promise that ETags survive a rename (it copies), so the suite would skip this;
     * the gateway keeps them for objects stored by a single PUT (the copy's ETag is the MD5 of the
     * same bytes), and that is asserted here.
     */
    @Test
    @Override
    public void testEtagConsistencyAcrossRename() throws Throwable {
        FileSystem fs = getFileSystem();
        Path source = new Path(methodPath(), "src");
        Path destination = new Path(methodPath(), "dest");
        ContractTestUtils.createFile(fs, source, true, "sample data".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String before = ((EtagSource) fs.getFileStatus(source)).getEtag();
        assertNotNull("an ETag", before);
        assertTrue(fs.rename(source, destination));
        assertEquals(before, ((EtagSource) fs.getFileStatus(destination)).getEtag());
    }
}
