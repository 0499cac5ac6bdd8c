package io.granary.metadata.hbase;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.KeyOnlyFilter;

/**
 * A table whose rows each hold one cell ({@code family:qualifier}), read and written a row at a
 * time, with the single-row conditions HBase makes atomic. Opened for one operation and closed
 * after it: HBase {@link Table}s are cheap to open and not thread-safe.
 */
final class CellTable implements Closeable {
    /** One row and its cell value (empty when only keys were read). */
    record Cell(byte[] row, byte[] value) {
    }

    private final Table table;
    private final byte[] family;
    private final byte[] qualifier;

    CellTable(Connection connection, TableName name, byte[] family, byte[] qualifier) throws IOException {
        this.table = connection.getTable(name);
        this.family = family;
        this.qualifier = qualifier;
    }

    /** The cell of {@code row}, or {@code null} if the row does not exist. */
    byte[] read(byte[] row) throws IOException {
        return table.get(new Get(row).addColumn(family, qualifier)).getValue(family, qualifier);
    }

    /** The cells of {@code rows}, in the same order, {@code null} where a row does not exist. */
    List<byte[]> read(List<byte[]> rows) throws IOException {
        List<Get> gets = new ArrayList<>(rows.size());
        for (byte[] row : rows) {
            gets.add(new Get(row).addColumn(family, qualifier));
        }
        List<byte[]> values = new ArrayList<>(rows.size());
        for (Result result : table.get(gets)) {
            values.add(result.getValue(family, qualifier));
        }
        return values;
    }

    boolean exists(byte[] row) throws IOException {
        return table.exists(new Get(row).addColumn(family, qualifier));
    }

    /** Up to {@code limit} rows in {@code bounds}, in row order. */
    List<Cell> scan(ScanBounds bounds, int limit, boolean keysOnly) throws IOException {
        List<Cell> cells = new ArrayList<>();
        if (bounds.isEmpty() || limit <= 0) {
            return cells;
        }
        Scan scan = new Scan()
                .withStartRow(bounds.start(), bounds.startInclusive())
                .withStopRow(bounds.stop(), false)
                .addColumn(family, qualifier)
                .setLimit(limit)
                .setCaching(Math.min(limit, 1000));
        if (keysOnly) {
            scan.setFilter(new KeyOnlyFilter());
        }
        try (ResultScanner scanner = table.getScanner(scan)) {
            for (Result result = scanner.next(); result != null; result = scanner.next()) {
                cells.add(new Cell(result.getRow(), result.getValue(family, qualifier)));
            }
        }
        return cells;
    }

    void put(byte[] row, byte[] value) throws IOException {
        table.put(mutation(row, value));
    }

    /** Writes the cell if the row does not exist; says whether it did. */
    boolean putIfAbsent(byte[] row, byte[] value) throws IOException {
        return table.checkAndMutate(CheckAndMutate.newBuilder(row).ifNotExists(family, qualifier)
                .build(mutation(row, value))).isSuccess();
    }

    /**
     * Writes the cell if it now holds {@code expected} ({@code null}: if the row does not exist);
     * says whether it did.
     */
    boolean putIfUnchanged(byte[] row, byte[] expected, byte[] value) throws IOException {
        if (expected == null) {
            return putIfAbsent(row, value);
        }
        return table.checkAndMutate(CheckAndMutate.newBuilder(row).ifEquals(family, qualifier, expected)
                .build(mutation(row, value))).isSuccess();
    }

    /** Deletes the row if its cell now holds {@code expected}; says whether it did. */
    boolean deleteIfUnchanged(byte[] row, byte[] expected) throws IOException {
        return table.checkAndMutate(CheckAndMutate.newBuilder(row).ifEquals(family, qualifier, expected)
                .build(new Delete(row))).isSuccess();
    }

    void delete(byte[] row) throws IOException {
        table.delete(new Delete(row));
    }

    @Override
    public void close() throws IOException {
        table.close();
    }

    private Put mutation(byte[] row, byte[] value) {
        return new Put(row).addColumn(family, qualifier, value);
    }
}
