package io.granary.block.nbd;

/**
 * Decides whether a request may reach the device, before its payload is read: the command and its
 * flags must be known, the range must lie within the device, a payload must not exceed the
 * maximum, and a read-only device takes no writes. A refused request gets the protocol's error
 * and never touches the device.
 */
final class RequestCheck {
    /** Why a request was refused. */
    record Rejection(int error, String message) {
    }

    private RequestCheck() {
    }

    /** The rejection of a request, or null when it may run. Never called for NBD_CMD_DISC. */
    static Rejection check(NbdRequest request, NegotiatedExport export) {
        int allowedFlags;
        boolean mutating = false;
        boolean payload = false;
        switch (request.type()) {
            case NbdProtocol.CMD_READ -> {
                allowedFlags = NbdProtocol.CMD_FLAG_FUA
                        | (export.structuredReplies() ? NbdProtocol.CMD_FLAG_DF : 0);
                payload = true;
            }
            case NbdProtocol.CMD_WRITE -> {
                allowedFlags = NbdProtocol.CMD_FLAG_FUA;
                mutating = true;
                payload = true;
            }
            case NbdProtocol.CMD_FLUSH -> allowedFlags = NbdProtocol.CMD_FLAG_FUA;
            case NbdProtocol.CMD_TRIM -> {
                allowedFlags = NbdProtocol.CMD_FLAG_FUA;
                mutating = true;
            }
            case NbdProtocol.CMD_WRITE_ZEROES -> {
                allowedFlags = NbdProtocol.CMD_FLAG_FUA | NbdProtocol.CMD_FLAG_NO_HOLE | NbdProtocol.CMD_FLAG_FAST_ZERO;
                mutating = true;
            }
            case NbdProtocol.CMD_BLOCK_STATUS -> {
                if (!export.allocationContext()) {
                    return new Rejection(NbdProtocol.EINVAL, "no metadata context was selected");
                }
                allowedFlags = NbdProtocol.CMD_FLAG_FUA | NbdProtocol.CMD_FLAG_REQ_ONE;
            }
            default -> {
                return new Rejection(NbdProtocol.EINVAL, "unknown command " + request.type());
            }
        }
        if ((request.flags() & ~allowedFlags) != 0) {
            return new Rejection(NbdProtocol.EINVAL,
                    String.format("command flags 0x%x are not valid for command %d", request.flags(), request.type()));
        }
        if (mutating && export.device().readOnly()) {
            return new Rejection(NbdProtocol.EPERM, "export " + export.name() + " is read-only");
        }
        if (payload && request.length() > NbdProtocol.MAXIMUM_PAYLOAD) {
            return new Rejection(NbdProtocol.EINVAL, "length " + request.length()
                    + " exceeds the maximum block size " + NbdProtocol.MAXIMUM_PAYLOAD);
        }
        if (request.type() != NbdProtocol.CMD_FLUSH && !request.withinSize(export.device().size())) {
            boolean writes = request.type() == NbdProtocol.CMD_WRITE || request.type() == NbdProtocol.CMD_WRITE_ZEROES;
            return new Rejection(writes ? NbdProtocol.ENOSPC : NbdProtocol.EINVAL,
                    "range " + Long.toUnsignedString(request.offset()) + "+" + request.length()
                            + " is beyond the end of the device (" + export.device().size() + " bytes)");
        }
        if (request.type() == NbdProtocol.CMD_BLOCK_STATUS && request.length() == 0) {
            return new Rejection(NbdProtocol.EINVAL, "block status of an empty range");
        }
        return null;
    }
}
