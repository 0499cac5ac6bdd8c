package io.granary.block.volume;

/**
 * What one run of the segment collector did.
 *
 * @param segmentsRemoved segments deleted after their live extents were copied out
 * @param bytesCopied live bytes rewritten into the open segment
 * @param bytesFreed bytes the deleted segments took
 */
public record CollectionReport(int segmentsRemoved, long bytesCopied, long bytesFreed) {
}
