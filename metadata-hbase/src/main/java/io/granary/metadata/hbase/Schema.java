package io.granary.metadata.hbase;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceExistException;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace, tables and column families the metadata lives in, and their creation.
 *
 * <ul>
 *   <li>{@code <namespace>:buckets}, family {@code b}: row = bucket name; cells {@code id} and
 *       {@code info} ({@link BucketRowCodec}).
 *   <li>{@code <namespace>:objects}, family {@code o}: row = {@link ObjectRowKeys}; one cell
 *       {@code r} ({@link ObjectRowCodec}).
 *   <li>{@code <namespace>:credentials}, family {@code c}: rows of {@link CredentialRows}; one cell
 *       {@code v}.
 *   <li>{@code <namespace>:uploads}, family {@code u}: row = {@link UploadRowKeys}, one per multipart
 *       upload with all its parts; cells {@code i} (the upload), {@code s} (its state) and
 *       {@code p}‖part number (one per part), all {@link UploadRowCodec}.
 *   <li>{@code <namespace>:volumes}, family {@code v}: block volumes, their snapshots, extent-map
 *       checkpoints and writer leases ({@link HBaseVolumeCatalog}).
 * </ul>
 *
 * Every family keeps one version and uses HBase's "new version behavior", under which a delete
 * hides only the writes that came before it: otherwise a row deleted and written again within the
 * same millisecond (a bucket or key deleted and created again at once) would stay hidden.
 */
final class Schema {
    static final byte[] BUCKET_FAMILY = bytes("b");
    static final byte[] BUCKET_ID = bytes("id");
    static final byte[] BUCKET_INFO = bytes("info");
    static final byte[] OBJECT_FAMILY = bytes("o");
    static final byte[] OBJECT_ROW = bytes("r");
    static final byte[] CREDENTIAL_FAMILY = bytes("c");
    static final byte[] CREDENTIAL_VALUE = bytes("v");
    static final byte[] UPLOAD_FAMILY = bytes("u");
    static final byte[] UPLOAD_INFO = bytes("i");
    static final byte[] UPLOAD_STATE = bytes("s");
    static final byte[] VOLUME_FAMILY = bytes("v");
    /** The first byte of every part cell's qualifier; four bytes of part number follow. */
    static final byte PART_PREFIX = 'p';

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_]{1,128}");
    private static final Duration POLL = Duration.ofMillis(100);

    private final String namespace;
    private final TableName buckets;
    private final TableName objects;
    private final TableName credentials;
    private final TableName uploads;
    private final TableName volumes;

    /**
     * @throws IllegalArgumentException unless {@code namespace} is 1 to 128 letters, digits or
     *     underscores (what HBase allows)
     */
    Schema(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("not an HBase namespace name: " + namespace);
        }
        this.namespace = namespace;
        this.buckets = TableName.valueOf(namespace, "buckets");
        this.objects = TableName.valueOf(namespace, "objects");
        this.credentials = TableName.valueOf(namespace, "credentials");
        this.uploads = TableName.valueOf(namespace, "uploads");
        this.volumes = TableName.valueOf(namespace, "volumes");
    }

    String namespace() {
        return namespace;
    }

    TableName buckets() {
        return buckets;
    }

    TableName objects() {
        return objects;
    }

    TableName credentials() {
        return credentials;
    }

    TableName uploads() {
        return uploads;
    }

    TableName volumes() {
        return volumes;
    }

    /**
     * Creates what is missing and waits until every table is online. Safe to run from several
     * processes at once: whoever loses a creation race uses what the winner made.
     *
     * @param wait how long at most for tables another process is still bringing online
     */
    void ensure(Admin admin, Duration wait) throws IOException {
        if (!Arrays.asList(admin.listNamespaces()).contains(namespace)) {
            try {
                admin.createNamespace(NamespaceDescriptor.create(namespace).build());
                LOG.info("Created HBase namespace {}", namespace);
            } catch (IOException e) {
                if (!causedBy(e, NamespaceExistException.class)) {
                    throw e;
                }
                // Another process created it first.
            }
        }
        for (TableDescriptor table : List.of(
                table(buckets, BUCKET_FAMILY, DataBlockEncoding.NONE),
                // Object rows of a bucket share long prefixes (bucket id, common key paths).
                table(objects, OBJECT_FAMILY, DataBlockEncoding.FAST_DIFF),
                table(credentials, CREDENTIAL_FAMILY, DataBlockEncoding.NONE),
                // Created on first start of a version with multipart uploads, like any missing table.
                table(uploads, UPLOAD_FAMILY, DataBlockEncoding.FAST_DIFF),
                table(volumes, VOLUME_FAMILY, DataBlockEncoding.NONE))) {
            ensure(admin, table, wait);
        }
    }

    private static void ensure(Admin admin, TableDescriptor table, Duration wait) throws IOException {
        TableName name = table.getTableName();
        if (!admin.tableExists(name)) {
            try {
                admin.createTable(table);
                LOG.info("Created HBase table {}", name);
            } catch (IOException e) {
                if (!causedBy(e, TableExistsException.class)) {
                    throw e;
                }
                // Another process created it first; it may still be coming online.
            }
        }
        byte[] family = table.getColumnFamilies()[0].getName();
        if (!admin.getDescriptor(name).hasColumnFamily(family)) {
            throw new StoreException(StoreError.INTERNAL, "HBase table " + name + " exists without column family "
                    + new String(family, StandardCharsets.UTF_8) + "; it was not created by Granary");
        }
        awaitAvailable(admin, name, wait);
    }

    private static void awaitAvailable(Admin admin, TableName name, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!admin.isTableAvailable(name)) {
            if (admin.isTableDisabled(name)) {
                throw new StoreException(StoreError.UNAVAILABLE, "HBase table " + name + " is disabled");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StoreException(StoreError.UNAVAILABLE, "HBase table " + name + " did not come online within "
                        + wait);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw (InterruptedIOException) new InterruptedIOException("interrupted waiting for " + name).initCause(e);
            }
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static TableDescriptor table(TableName name, byte[] family, DataBlockEncoding encoding) {
        return TableDescriptorBuilder.newBuilder(name)
                .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(family)
                        .setMaxVersions(1)
                        .setNewVersionBehavior(true)
                        .setDataBlockEncoding(encoding)
                        .build())
                .build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
