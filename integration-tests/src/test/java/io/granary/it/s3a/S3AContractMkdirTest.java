package io.granary.it.s3a;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.contract.AbstractContractMkdirTest;
import org.apache.hadoop.fs.contract.AbstractFSContract;

/**
 * Hadoop's contract suite for mkdirs(): directory markers, over files, under files, through S3A.
 */
public class S3AContractMkdirTest extends AbstractContractMkdirTest {
    @Override
    protected AbstractFSContract createContract(Configuration conf) {
        return new GranaryS3AContract(conf);
    }
}
