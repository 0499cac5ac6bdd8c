/**
 * Object bytes in HDFS: {@link io.granary.hdfs.HdfsBlobStore}, the
 * {@link io.granary.core.spi.BlobStore} of the services tier.
 *
 * <p>On-disk layout under the store's root (all names generated from a creation time and random
 * bits, never from object keys):
 *
 * <pre>
 * packs/&lt;time&gt;-&lt;random&gt;.pack   header "GRPACK01", then small blobs back to back (group commit)
 * blobs/&lt;time&gt;-&lt;random&gt;.blob   one large blob: data, CRC32C per chunk, 16-byte footer
 * trash/&lt;time&gt;-&lt;random&gt;.blob   released large blobs, purged after the grace period
 * </pre>
 *
 * A blob's handle (see {@code BlobHandle}) names its file and, for packed blobs, the extent's offset
 * and CRC32C. Space of released packed blobs is only counted; a compactor that rewrites the live
 * extents of mostly dead packs (updating rows conditionally) is still to come.
 */
package io.granary.hdfs;
