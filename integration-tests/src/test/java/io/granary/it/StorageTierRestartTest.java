package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.granary.launcher.local.StorageTierProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The local storage tier keeps what it stores: an HDFS file and an HBase row written before a
 * stop are read back byte for byte after a start on the same data directory, through the same
 * endpoints. Also proves that the shared tier of the test run serves HDFS.
 */
@Timeout(600)
class StorageTierRestartTest {
    private static final byte[] FAMILY = bytes("f");
    private static final byte[] QUALIFIER = bytes("q");

    @Test
    void restartOnTheSameDirectoryKeepsFilesRowsAndEndpoints() throws Exception {
        Path home = SharedStorageTier.granaryHome();
        Path data = SharedStorageTier.newDataDirectory("restart-test-");
        String unique = UUID.randomUUID().toString();
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/restart-test/" + unique + ".bin");
        TableName tableName = TableName.valueOf("restart_test_" + unique.replace("-", ""));
        byte[] row = bytes("row-" + unique);
        byte[] fileBytes = randomBytes(3 * 1024 * 1024 + 17);
        byte[] cellBytes = randomBytes(4096);

        String hdfsUri;
        String zookeeperQuorum;
        StorageTierProcess first = StorageTierProcess.start(home, data, SharedStorageTier.START_TIMEOUT);
        try {
            hdfsUri = first.hdfsUri();
            zookeeperQuorum = first.zookeeperQuorum();
            writeFile(hdfsUri, file, fileBytes);
            try (Connection hbase = connect(zookeeperQuorum); Admin admin = hbase.getAdmin()) {
                admin.createTable(TableDescriptorBuilder.newBuilder(tableName)
                        .setColumnFamily(ColumnFamilyDescriptorBuilder.of(FAMILY))
                        .build());
                try (Table table = hbase.getTable(tableName)) {
                    table.put(new Put(row).addColumn(FAMILY, QUALIFIER, cellBytes));
                }
            }
        } finally {
            first.close();
        }
        assertFalse(first.isAlive(), "the first tier has exited");

        try (StorageTierProcess second = StorageTierProcess.start(home, data, SharedStorageTier.START_TIMEOUT)) {
            assertEquals(hdfsUri, second.hdfsUri(), "HDFS endpoint after restart");
            assertEquals(zookeeperQuorum, second.zookeeperQuorum(), "ZooKeeper endpoint after restart");
            assertArrayEquals(fileBytes, readFile(second.hdfsUri(), file), "HDFS file after restart");
            try (Connection hbase = connect(second.zookeeperQuorum()); Table table = hbase.getTable(tableName)) {
                assertArrayEquals(cellBytes, table.get(new Get(row)).getValue(FAMILY, QUALIFIER),
                        "HBase cell after restart");
            }
        }
    }

    @Test
    void sharedTierServesHdfs() throws Exception {
        StorageTierProcess shared = SharedStorageTier.get();
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/shared-test/" + UUID.randomUUID() + ".txt");
        byte[] content = bytes("written through the shared storage tier at " + shared.hdfsUri());

        writeFile(shared.hdfsUri(), file, content);

        assertArrayEquals(content, readFile(shared.hdfsUri(), file));
        assertEquals(shared, SharedStorageTier.get(), "one shared tier per test JVM");
    }

    private static void writeFile(String hdfsUri, org.apache.hadoop.fs.Path file, byte[] content) throws IOException {
        try (FileSystem hdfs = hdfs(hdfsUri); FSDataOutputStream out = hdfs.create(file, false)) {
            out.write(content);
            out.hsync();
        }
    }

    private static byte[] readFile(String hdfsUri, org.apache.hadoop.fs.Path file) throws IOException {
        try (FileSystem hdfs = hdfs(hdfsUri); InputStream in = hdfs.open(file)) {
            return in.readAllBytes();
        }
    }

    /** A private client: the FileSystem cache would hand out clients of a stopped tier. */
    private static FileSystem hdfs(String hdfsUri) throws IOException {
        Configuration conf = new Configuration();
        conf.setInt("dfs.replication", 1); // the tier has one DataNode
        return FileSystem.newInstance(URI.create(hdfsUri), conf);
    }

    private static Connection connect(String zookeeperQuorum) throws IOException {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", zookeeperQuorum);
        return ConnectionFactory.createConnection(conf);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
