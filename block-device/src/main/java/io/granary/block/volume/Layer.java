package io.granary.block.volume;

/**
 * One frozen map in a stack of layers: a snapshot's map over the segments of its volume, covering
 * the first {@code size} bytes.
 */
record Layer(long volumeId, ExtentMap map, long size) {
}
