package io.granary.it.s3a;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.contract.AbstractBondedFSContract;
import org.apache.hadoop.fs.s3a.S3AFileSystem;

/**
 * Hadoop's FileSystem contract for S3A bound to the gateway: what hadoop-aws's own
 * {@code S3AContract} does for a real bucket, with {@code contract/granary-s3a.xml} declaring how S3A
 * behaves (the same declarations hadoop-aws makes for AWS S3). hadoop-aws does not publish its test
 * jar, so this class and the suites next to it stand in for its {@code ITestS3AContract*} classes;
 * the abstract suites themselves come from hadoop-common's test jar.
 *
 * <p>All suites of a run share one bucket; each test gets a FileSystem instance of its own, closed in
 * its teardown after the suite has deleted its test directory.
 */
public final class GranaryS3AContract extends AbstractBondedFSContract {
    /** The contract options, a test resource. */
    public static final String CONTRACT_XML = "contract/granary-s3a.xml";

    private static String bucket;

    public GranaryS3AContract(Configuration conf) {
        super(bind(conf));
        // Registers S3A's deprecated keys before the configuration is read, as S3AContract does.
        S3AFileSystem.initializeClass();
        addConfResource(CONTRACT_XML);
    }

    private static Configuration bind(Configuration conf) {
        S3AOnGranary.apply(conf);
        conf.set("fs.contract.test.fs.s3a", "s3a://" + bucket() + "/");
        conf.setBoolean("fs.s3a.impl.disable.cache", true);
        return conf;
    }

    private static synchronized String bucket() {
        if (bucket == null) {
            bucket = S3AOnGranary.createBucket();
        }
        return bucket;
    }

    @Override
    public String getScheme() {
        return "s3a";
    }

    @Override
    public void teardown() throws IOException {
        super.teardown();
        FileSystem fs = getTestFileSystem();
        if (fs != null) {
            fs.close();
        }
    }
}
