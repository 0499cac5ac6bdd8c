package io.granary.hdfs;

/**
 * What one {@link HdfsBlobStore} instance has done since it was opened: a snapshot, for monitoring
 * and tests. Figures about bytes released count what this instance was told, not what the files
 * under the root hold.
 *
 * @param packsStarted pack files this instance created
 * @param extentsAppended small blobs appended to pack files
 * @param packSyncs {@code hsync} calls on pack files; group commit makes this lower than
 *     {@code extentsAppended} under concurrent load
 * @param packedBytes bytes of the small blobs appended
 * @param deadPackedBytes bytes of packed blobs released (dead space for a compactor); a blob
 *     released twice is counted twice
 * @param blobFiles large blobs committed to files of their own
 * @param blobBytes bytes of those large blobs (without their checksum trailers)
 * @param blobsTrashed large blob files moved to the trash by a release
 * @param trashPurged trash entries the purger deleted
 * @param queuedAppends small blobs waiting for their pack appender at the moment of the snapshot
 */
public record HdfsBlobStoreStats(
        long packsStarted,
        long extentsAppended,
        long packSyncs,
        long packedBytes,
        long deadPackedBytes,
        long blobFiles,
        long blobBytes,
        long blobsTrashed,
        long trashPurged,
        int queuedAppends) {
}
