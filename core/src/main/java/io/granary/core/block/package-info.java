/**
 * The storage SPI of block volumes: append-only segment files ({@link io.granary.core.block.SegmentStore})
 * and the catalog of volumes, snapshots, extent-map checkpoints and writer leases
 * ({@link io.granary.core.block.VolumeCatalog}). Our own types only; backends live in their modules.
 */
package io.granary.core.block;
