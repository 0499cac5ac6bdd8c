package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import io.granary.core.auth.AccessKey;
import io.granary.core.auth.CredentialStore;
import io.granary.core.auth.User;
import io.granary.core.model.ObjectKey;
import io.granary.core.spi.BucketRecord;
import io.granary.core.spi.MetadataCatalog;
import io.granary.core.model.CompletedPart;
import io.granary.core.model.UploadInfo;
import io.granary.core.spi.ObjectRecord;
import io.granary.core.spi.PartRecord;
import io.granary.core.spi.UploadCatalog;
import io.granary.core.testing.CredentialStoreConformance;
import io.granary.core.testing.Fixtures;
import io.granary.core.testing.MetadataCatalogConformance;
import io.granary.core.testing.UploadCatalogConformance;
import io.granary.core.version.VersionId;
import io.granary.metadata.hbase.HBaseMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The HBase metadata backend against the shared storage tier: the SPI conformance suites, then what
 * only a real cluster shows (conditional writes under concurrent writers, deletes followed at once
 * by writes, multi-row credential changes racing each other, schema creation racing with another
 * process).
 */
class HBaseMetadataConformanceTest {
    private static final String NAMESPACE = "granarytest";
    private static final String OWNER = "c".repeat(64);

    private static HBaseMetadata metadata;

    @BeforeAll
    static void connect() {
        metadata = HBaseMetadata.connect(SharedStorageTier.get().zookeeperQuorum(), NAMESPACE);
    }

    @AfterAll
    static void close() {
        if (metadata != null) {
            metadata.close();
        }
    }

    @Nested
    class Catalog extends MetadataCatalogConformance {
        @Override
        protected MetadataCatalog catalog() {
            return metadata.catalog();
        }
    }

    @Nested
    class Uploads extends UploadCatalogConformance {
        @Override
        protected UploadCatalog catalog() {
            return metadata.uploads();
        }
    }

    @Nested
    class Credentials extends CredentialStoreConformance {
        @Override
        protected CredentialStore store() {
            return metadata.credentials();
        }
    }

    @Nested
    class OnARealCluster {
        @Test
        void concurrentPutsEachReplaceADistinctRow() throws Exception {
            MetadataCatalog catalog = metadata.catalog();
            BucketRecord bucket = Fixtures.bucket(OWNER);
            catalog.createBucket(bucket);
            int writers = 8;
            int putsEach = 25;
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<List<Optional<ObjectRecord>>>> tasks = new ArrayList<>();
            Set<VersionId> written = new HashSet<>();
            List<List<ObjectRecord>> rows = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                List<ObjectRecord> mine = new ArrayList<>();
                for (int i = 0; i < putsEach; i++) {
                    ObjectRecord row = Fixtures.row(bucket, "contended", i);
                    mine.add(row);
                    written.add(row.info().versionId());
                }
                rows.add(mine);
                tasks.add(() -> {
                    start.await();
                    List<Optional<ObjectRecord>> replaced = new ArrayList<>();
                    for (ObjectRecord row : mine) {
                        replaced.add(catalog.putObject(bucket, row));
                    }
                    return replaced;
                });
            }
            List<Optional<ObjectRecord>> replaced = runAll(tasks, start);

            // Each put replaced the one before it: every row but the last is replaced exactly
            // once, and only the very first put found no row.
            assertEquals(writers * putsEach, written.size());
            assertEquals(1, replaced.stream().filter(Optional::isEmpty).count());
            Set<VersionId> replacedVersions = new HashSet<>();
            for (Optional<ObjectRecord> row : replaced) {
                row.ifPresent(r -> assertTrue(replacedVersions.add(r.info().versionId()), "replaced twice: " + r));
            }
            ObjectRecord last = catalog.findObject(bucket, ObjectKey.of("contended")).orElseThrow();
            assertTrue(replacedVersions.add(last.info().versionId()), "the current row was reported replaced");
            assertEquals(written, replacedVersions);
        }

        @Test
        void partsUploadedInParallelAllLandAndEachReplacedPartIsReturnedOnce() throws Exception {
            UploadCatalog uploads = metadata.uploads();
            BucketRecord bucket = Fixtures.bucket(OWNER);
            UploadInfo upload = Fixtures.upload(bucket, "parallel");
            uploads.createUpload(bucket, upload);
            int writers = 8;
            int partsEach = 12;
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<List<Optional<PartRecord>>>> tasks = new ArrayList<>();
            Set<PartRecord> written = new HashSet<>();
            for (int w = 0; w < writers; w++) {
                List<PartRecord> mine = new ArrayList<>();
                for (int i = 0; i < partsEach; i++) {
                    // Writers share part numbers 1 to 4 and own the others.
                    mine.add(Fixtures.part(i < 4 ? i + 1 : 100 * (w + 1) + i, i));
                }
                written.addAll(mine);
                tasks.add(() -> {
                    start.await();
                    List<Optional<PartRecord>> replaced = new ArrayList<>();
                    for (PartRecord part : mine) {
                        replaced.add(uploads.putPart(bucket, upload.key(), upload.uploadId(), part));
                    }
                    return replaced;
                });
            }
            List<Optional<PartRecord>> replaced = runAll(tasks, start);

            List<PartRecord> stored = uploads.listParts(bucket, upload.key(), upload.uploadId(), 0, 1000);
            assertEquals(4 + writers * (partsEach - 4), stored.size());
            // Every part written is either stored now or was replaced exactly once.
            Set<PartRecord> accounted = new HashSet<>(stored);
            for (Optional<PartRecord> part : replaced) {
                part.ifPresent(p -> assertTrue(accounted.add(p), "replaced twice: " + p));
            }
            assertEquals(written, accounted);

            List<CompletedPart> selection = List.of(new CompletedPart(1, stored.get(0).info().etag()));
            assertEquals(stored, uploads.beginCompletion(bucket, upload.key(), upload.uploadId(), selection).parts());
            assertEquals(stored, uploads.finishCompletion(bucket, upload.key(), upload.uploadId()).orElseThrow().parts());
        }

        @Test
        void aRowDeletedAndWrittenAgainAtOnceIsVisible() {
            MetadataCatalog catalog = metadata.catalog();
            BucketRecord bucket = Fixtures.bucket(OWNER);
            catalog.createBucket(bucket);
            for (int i = 0; i < 100; i++) {
                ObjectRecord first = Fixtures.row(bucket, "again", i);
                ObjectRecord second = Fixtures.row(bucket, "again", i + 1);
                catalog.putObject(bucket, first);
                assertEquals(Optional.of(first), catalog.deleteObject(bucket, ObjectKey.of("again")));
                assertEquals(Optional.empty(), catalog.putObject(bucket, second));
                assertEquals(Optional.of(second), catalog.findObject(bucket, ObjectKey.of("again")));
            }
            catalog.deleteObject(bucket, ObjectKey.of("again"));
            // Deleting a bucket and creating it again are adjacent calls, often within one
            // millisecond; HBase's old version semantics would hide about one creation in ten.
            for (int i = 0; i < 200; i++) {
                BucketRecord again = new BucketRecord(bucket.info(), bucket.id() + i + 1);
                assertTrue(catalog.deleteBucketIfEmpty(catalog.findBucket(bucket.info().name()).orElseThrow()));
                assertEquals(Optional.empty(), catalog.createBucket(again));
                assertEquals(Optional.of(again), catalog.findBucket(bucket.info().name()));
            }
        }

        @Test
        void aStaleDeleteLeavesTheBucketCreatedAgain() {
            MetadataCatalog catalog = metadata.catalog();
            BucketRecord old = Fixtures.bucket(OWNER);
            catalog.createBucket(old);
            assertTrue(catalog.deleteBucketIfEmpty(old));
            BucketRecord again = new BucketRecord(old.info(), old.id() + 1);
            catalog.createBucket(again);
            catalog.deleteBucketIfEmpty(old);
            assertEquals(Optional.of(again), catalog.findBucket(old.info().name()));
        }

        @Test
        void ofUsersCreatedAtOnceUnderOneNameExactlyOneWins() throws Exception {
            CredentialStore store = metadata.credentials();
            String name = "racer-" + UUID.randomUUID();
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<List<Optional<User>>>> creates = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                User user = new User(UUID.randomUUID().toString().replace("-", "").repeat(2), name, Instant.EPOCH);
                creates.add(() -> {
                    start.await();
                    try {
                        store.createUser(user);
                        return List.of(Optional.of(user));
                    } catch (StoreException e) {
                        assertEquals(StoreError.ALREADY_EXISTS, e.error());
                        return List.of(Optional.<User>empty());
                    }
                });
            }
            List<Optional<User>> outcomes = runAll(creates, start);
            List<User> winners = outcomes.stream().flatMap(Optional::stream).toList();
            assertEquals(1, winners.size());
            assertEquals(Optional.of(winners.get(0)), store.findUserByName(name));
            assertEquals(Optional.of(winners.get(0)), store.findUserById(winners.get(0).id()));
        }

        @Test
        void aKeyCreatedWhileItsUserIsDeletedDoesNotSurvive() throws Exception {
            CredentialStore store = metadata.credentials();
            for (int round = 0; round < 20; round++) {
                String unique = UUID.randomUUID().toString().replace("-", "");
                User user = new User(unique + unique, "doomed-" + unique, Instant.EPOCH);
                store.createUser(user);
                AccessKey key = new AccessKey("GK" + unique.substring(0, 18).toUpperCase(), "secret", user.id(),
                        Instant.EPOCH);
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<List<Object>>> both = List.of(
                        () -> {
                            start.await();
                            store.deleteUser(user.name());
                            return List.of();
                        },
                        () -> {
                            start.await();
                            try {
                                store.createAccessKey(key);
                            } catch (StoreException e) {
                                assertEquals(StoreError.NOT_FOUND, e.error());
                            }
                            return List.of();
                        });
                runAll(both, start);
                assertEquals(Optional.empty(), store.findAccessKey(key.accessKeyId()));
                assertEquals(List.of(), store.listAccessKeys(user.id()));
                assertEquals(Optional.empty(), store.findUserByName(user.name()));
            }
        }

        @Test
        void processesStartingAtOnceShareTheTablesTheyCreate() throws Exception {
            String namespace = "granaryrace" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            String quorum = SharedStorageTier.get().zookeeperQuorum();
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<List<HBaseMetadata>>> connects = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                connects.add(() -> {
                    start.await();
                    return List.of(HBaseMetadata.connect(quorum, namespace));
                });
            }
            List<HBaseMetadata> connected = runAll(connects, start);
            try {
                BucketRecord bucket = Fixtures.bucket(OWNER);
                connected.get(0).catalog().createBucket(bucket);
                for (HBaseMetadata other : connected) {
                    assertEquals(Optional.of(bucket), other.catalog().findBucket(bucket.info().name()));
                }
            } finally {
                connected.forEach(HBaseMetadata::close);
            }
        }
    }

    /** Runs the tasks together once {@code start} opens, and gathers their results in order. */
    private static <T> List<T> runAll(List<Callable<List<T>>> tasks, CountDownLatch start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<List<T>>> futures = new ArrayList<>();
            for (Callable<List<T>> task : tasks) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<List<T>> future : futures) {
                results.addAll(future.get(5, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
