package io.granary.storage.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;

/**
 * Proves that HBase serves tables the way a client will use them, through a client connection
 * over ZooKeeper and loopback RPC: the probe table exists (it is created on the first start,
 * which proves tables can be created) and one of its rows can be written and read back, which
 * needs meta online, the region assigned, and the write-ahead log writing to HDFS.
 */
final class ReadinessProbe {
    static final TableName TABLE = TableName.valueOf("granary_storage_probe");
    private static final byte[] FAMILY = bytes("f");
    private static final byte[] QUALIFIER = bytes("started");

    private ReadinessProbe() {
    }

    static void verify(Configuration conf) throws IOException {
        try (Connection connection = ConnectionFactory.createConnection(conf);
                Admin admin = connection.getAdmin()) {
            if (!admin.tableExists(TABLE)) {
                admin.createTable(TableDescriptorBuilder.newBuilder(TABLE)
                        .setColumnFamily(ColumnFamilyDescriptorBuilder.of(FAMILY))
                        .build());
            }
            byte[] value = bytes(Long.toString(System.currentTimeMillis()));
            try (Table table = connection.getTable(TABLE)) {
                table.put(new Put(QUALIFIER).addColumn(FAMILY, QUALIFIER, value));
                Result result = table.get(new Get(QUALIFIER));
                if (!Arrays.equals(value, result.getValue(FAMILY, QUALIFIER))) {
                    throw new IOException("HBase did not return the probe row just written to " + TABLE);
                }
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
