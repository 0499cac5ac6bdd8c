package io.granary.block.nbd;

import io.granary.block.BlockDevice;

/**
 * What the handshake settled for the transmission phase.
 *
 * @param name the export's name
 * @param device the open device; the transmission phase owns and closes it
 * @param transmissionFlags the flags the client was given
 * @param structuredReplies whether replies are structured (NBD_OPT_STRUCTURED_REPLY was acknowledged)
 * @param allocationContext whether base:allocation was selected for this export (block status allowed)
 */
record NegotiatedExport(String name, BlockDevice device, int transmissionFlags, boolean structuredReplies,
        boolean allocationContext) {

    /** The transmission flags for a device, given whether structured replies were negotiated. */
    static int transmissionFlags(BlockDevice device, boolean structuredReplies) {
        int flags = NbdProtocol.FLAG_HAS_FLAGS | NbdProtocol.FLAG_SEND_FLUSH | NbdProtocol.FLAG_SEND_FUA;
        if (device.readOnly()) {
            flags |= NbdProtocol.FLAG_READ_ONLY;
        } else {
            flags |= NbdProtocol.FLAG_SEND_TRIM | NbdProtocol.FLAG_SEND_WRITE_ZEROES | NbdProtocol.FLAG_SEND_FAST_ZERO;
        }
        if (structuredReplies) {
            // Reads are always answered with one data chunk, so "don't fragment" costs nothing.
            flags |= NbdProtocol.FLAG_SEND_DF;
        }
        if (device.flushCoversAllHandles()) {
            flags |= NbdProtocol.FLAG_CAN_MULTI_CONN;
        }
        return flags;
    }

    /** The advertised minimum block size: 512, or 1 when the size is not a multiple of 512. */
    static int minimumBlockSize(long size) {
        return size % NbdProtocol.MINIMUM_BLOCK_SIZE == 0 ? NbdProtocol.MINIMUM_BLOCK_SIZE : 1;
    }
}
