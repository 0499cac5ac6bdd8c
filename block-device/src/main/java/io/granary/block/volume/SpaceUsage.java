package io.granary.block.volume;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** How many segment bytes a set of maps points at, counting bytes shared by several maps once. */
final class SpaceUsage {
    private record Run(long segment, long position, long length) {
    }

    private SpaceUsage() {
    }

    static long referencedBytes(Collection<ExtentMap> maps) {
        List<Run> runs = new ArrayList<>();
        for (ExtentMap map : maps) {
            for (Extent extent : map.extents()) {
                if (extent.kind() == Extent.Kind.DATA) {
                    runs.add(new Run(extent.segment(), extent.position(), extent.length()));
                }
            }
        }
        runs.sort(Comparator.comparingLong(Run::segment).thenComparingLong(Run::position));
        long total = 0;
        long segment = 0;
        long coveredTo = -1;
        for (Run run : runs) {
            if (run.segment != segment || coveredTo < 0) {
                segment = run.segment;
                coveredTo = run.position;
            }
            long end = run.position + run.length;
            if (end > coveredTo) {
                total += end - Math.max(coveredTo, run.position);
                coveredTo = end;
            }
        }
        return total;
    }
}
