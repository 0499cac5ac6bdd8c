package io.granary.core.spi;

import io.granary.core.model.ObjectInfo;
import io.granary.core.model.UploadInfo;
import java.util.List;
import java.util.Objects;

/**
 * One metadata row: the object's description and where its bytes are. An object stored by a single
 * PUT has one blob; an object assembled by a multipart upload is a manifest over the blobs of its
 * parts, in order, whose bytes were never copied.
 *
 * @param blobs the object's bytes, in order: exactly one for a single PUT, one per part for a
 *     multipart object; their lengths add up to the object's size
 * @param uploadId the multipart upload this row completed, {@code null} for a single PUT. While
 *     that upload is still recorded in the {@link UploadCatalog}, the parts belong to it: whoever
 *     replaces or removes this row finishes the upload first (see {@code ObjectService}).
 * @param sharedBlobs whether other rows may point at these blobs too (a CopyObject shares the
 *     source's blob instead of copying its bytes): replacing or removing such a row releases
 *     nothing, and its bytes are left for a collector that checks every reference
 */
public record ObjectRecord(ObjectInfo info, List<BlobRef> blobs, String uploadId, boolean sharedBlobs) {
    public ObjectRecord {
        Objects.requireNonNull(info, "info");
        blobs = List.copyOf(blobs);
        long total = 0;
        for (BlobRef blob : blobs) {
            total += blob.length();
        }
        if (total != info.size()) {
            throw new IllegalArgumentException("blob lengths add up to " + total + ", object size is " + info.size());
        }
        if (uploadId == null) {
            if (blobs.size() != 1 || info.partCount() != 0) {
                throw new IllegalArgumentException("a single PUT has one blob and no parts");
            }
        } else {
            if (!UploadInfo.isWellFormedId(uploadId)) {
                throw new IllegalArgumentException("not an upload id: " + uploadId);
            }
            if (blobs.size() != info.partCount() || blobs.isEmpty()) {
                throw new IllegalArgumentException(blobs.size() + " blobs for " + info.partCount() + " parts");
            }
        }
    }

    /** A row whose blobs no other row points at. */
    public ObjectRecord(ObjectInfo info, List<BlobRef> blobs, String uploadId) {
        this(info, blobs, uploadId, false);
    }

    /** The row of an object stored by a single PUT. */
    public ObjectRecord(ObjectInfo info, BlobRef blob) {
        this(info, List.of(blob), null);
    }

    /** This row, marked as sharing its blobs with other rows. */
    public ObjectRecord withSharedBlobs() {
        return new ObjectRecord(info, blobs, uploadId, true);
    }

    /** The row of an object assembled by the multipart upload {@code uploadId} from {@code parts}. */
    public static ObjectRecord multipart(ObjectInfo info, String uploadId, List<BlobRef> parts) {
        return new ObjectRecord(info, parts, Objects.requireNonNull(uploadId, "uploadId"));
    }
}
