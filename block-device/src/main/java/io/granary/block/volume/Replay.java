package io.granary.block.volume;

import io.granary.core.block.SegmentStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a checkpointed map up to date: seals the segments written since the checkpoint (fencing
 * off any writer still holding them) and applies their records in order, stopping in each segment
 * at the first record that is cut short or fails its checksum (a torn tail: bytes appended after the
 * last sync of a writer that crashed).
 */
final class Replay {
    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

    /** How far replay got. */
    record Outcome(long sequence, long records, long tornSegments) {
    }

    private Replay() {
    }

    static Outcome run(SegmentStore store, long volumeId, ExtentMap map, long fromSegment, long fromPosition,
            long sequence) throws IOException {
        long last = sequence;
        long records = 0;
        long torn = 0;
        List<Long> segments = store.list(volumeId);
        for (long segment : segments) {
            if (segment < fromSegment) {
                continue;
            }
            long length = store.seal(volumeId, segment);
            long position = segment == fromSegment ? fromPosition : 0;
            byte[] headerBytes = new byte[SegmentRecord.HEADER_LENGTH];
            while (true) {
                if (position + SegmentRecord.HEADER_LENGTH > length) {
                    break;
                }
                ByteBuffer header = ByteBuffer.wrap(headerBytes);
                SegmentReads.readFully(store, volumeId, segment, position, header);
                SegmentRecord.Header decoded = SegmentRecord.decodeHeader(headerBytes);
                if (decoded == null) {
                    break;
                }
                long dataLength = decoded.kind() == Extent.Kind.DATA ? decoded.length() : 0;
                if (position + SegmentRecord.HEADER_LENGTH + dataLength > length) {
                    break;
                }
                ByteBuffer data = null;
                if (dataLength > 0) {
                    data = ByteBuffer.allocate((int) dataLength);
                    SegmentReads.readFully(store, volumeId, segment, position + SegmentRecord.HEADER_LENGTH, data);
                    data.flip();
                }
                if (!SegmentRecord.verify(headerBytes, decoded, data)) {
                    break;
                }
                map.put(decoded.kind() == Extent.Kind.DATA
                        ? Extent.data(decoded.offset(), decoded.length(), segment,
                                position + SegmentRecord.HEADER_LENGTH, decoded.sequence())
                        : Extent.zeroes(decoded.offset(), decoded.length(), decoded.kind(), decoded.sequence()));
                last = Math.max(last, decoded.sequence());
                records++;
                position += SegmentRecord.HEADER_LENGTH + dataLength;
            }
            if (position < length) {
                torn++;
                LOG.warn("Volume {} segment {}: ignored {} bytes after the last whole record at {} (a torn tail)",
                        Long.toHexString(volumeId), Long.toHexString(segment), length - position, position);
            }
        }
        return new Outcome(last, records, torn);
    }
}
