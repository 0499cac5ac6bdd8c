/**
 * The NBD server of the block service: {@link io.granary.block.nbd.NbdServer} exports the devices
 * of a {@link io.granary.block.BlockDeviceProvider} to qemu, qemu-img, libnbd's tools (nbdinfo,
 * nbdcopy, nbdsh) and fio; clients that negotiate nothing, such as the kernel's, get simple replies.
 *
 * <p>Handshake: fixed newstyle only (no TLS); options EXPORT_NAME, ABORT, LIST, INFO, GO,
 * STRUCTURED_REPLY, LIST_META_CONTEXT and SET_META_CONTEXT with {@code base:allocation}; any
 * other option is answered NBD_REP_ERR_UNSUP. Transmission: READ, WRITE, FLUSH, TRIM,
 * WRITE_ZEROES and BLOCK_STATUS with the FUA, NO_HOLE, FAST_ZERO, DF and REQ_ONE flags, and DISC;
 * simple replies unless the client negotiated structured ones.
 *
 * <p>Shape: one reader thread per connection decodes requests and refuses bad ones itself
 * ({@code RequestCheck}); a worker pool shared by all connections runs device operations
 * ({@code CommandExecutor}) and sends each reply whole under the connection's lock
 * ({@code ReplyWriter}), so replies go out in completion order, matched by handle. A byte budget
 * per connection bounds the payload in flight.
 */
package io.granary.block.nbd;
