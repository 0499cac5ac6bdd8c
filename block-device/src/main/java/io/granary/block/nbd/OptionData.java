package io.granary.block.nbd;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses the data of the options that carry some; malformed data parses to empty. */
final class OptionData {
    /** NBD_OPT_INFO and NBD_OPT_GO: an export name and the information items asked for. */
    record ExportRequest(String name, List<Integer> informationRequests) {
    }

    /** NBD_OPT_LIST_META_CONTEXT and NBD_OPT_SET_META_CONTEXT: an export name and context queries. */
    record MetaContextRequest(String export, List<String> queries) {
    }

    private OptionData() {
    }

    static Optional<ExportRequest> exportRequest(byte[] data) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            String name = string(buffer, buffer.getInt());
            int count = buffer.getShort() & 0xffff;
            List<Integer> requests = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                requests.add(buffer.getShort() & 0xffff);
            }
            return buffer.hasRemaining() ? Optional.empty() : Optional.of(new ExportRequest(name, List.copyOf(requests)));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    static Optional<MetaContextRequest> metaContextRequest(byte[] data) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            String export = string(buffer, buffer.getInt());
            int count = buffer.getInt();
            // Each query takes at least its 4-byte length, which bounds a believable count.
            if (count < 0 || count > buffer.remaining() / 4) {
                return Optional.empty();
            }
            List<String> queries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                queries.add(string(buffer, buffer.getInt()));
            }
            return buffer.hasRemaining() ? Optional.empty() : Optional.of(new MetaContextRequest(export, List.copyOf(queries)));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    private static String string(ByteBuffer buffer, int length) {
        if (length < 0 || length > buffer.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
