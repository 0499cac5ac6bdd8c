/**
 * Granary's metadata backend on HBase: {@link io.granary.metadata.hbase.HBaseMetadata} connects,
 * creates the namespace and tables, and hands out the {@link io.granary.core.spi.MetadataCatalog},
 * the {@link io.granary.core.spi.UploadCatalog} and the {@link io.granary.core.auth.CredentialStore}
 * over one connection.
 *
 * <p>Layout, all in one namespace ({@code granary} by default):
 *
 * <ul>
 *   <li>{@code buckets}: row = bucket name (ASCII); family {@code b}, cells {@code id} (8 bytes
 *       big-endian) and {@code info} (owner, creation date, region).
 *   <li>{@code objects}: row = bucket id (8 bytes big-endian) ‖ key (UTF-8) ‖ 0x00, so a bucket's
 *       rows sort in S3's listing order; family {@code o}, one cell {@code r} holding everything
 *       else of the object (size, etag, dates, version id, headers, user metadata, storage class,
 *       blob reference, or for a multipart object its upload id and the blob of every part) in a
 *       versioned binary format.
 *   <li>{@code uploads}: row = bucket id ‖ key (UTF-8) ‖ 0x00 ‖ upload id, one per multipart
 *       upload in progress, so a bucket's uploads sort by key, then by when they started; family
 *       {@code u}, cells {@code i} (the upload's metadata), {@code s} (open with a stamp that every
 *       part write renews, or completing with the selected parts) and {@code p}‖part number (4
 *       bytes big-endian) per part.
 *   <li>{@code credentials}: rows {@code user:<name>}, {@code userid:<id>},
 *       {@code key:<access key id>} and {@code userkey:<user id> NUL <access key id>}; family
 *       {@code c}, one cell {@code v}.
 * </ul>
 *
 * Only this package knows HBase; everything it returns or throws is Granary's own types.
 */
package io.granary.metadata.hbase;
