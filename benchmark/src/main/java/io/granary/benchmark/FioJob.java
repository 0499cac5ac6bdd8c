package io.granary.benchmark;

import java.util.Locale;

/**
 * The fio jobs of the block benchmark (issue 4): 4 KiB random and 1 MiB sequential, reads and
 * writes, each with the ratio to qemu-nbd it is expected to reach on the benchmark's machine.
 */
enum FioJob {
    RANDREAD("randread", "4k", "4k random read", 0.5),
    RANDWRITE("randwrite", "4k", "4k random write", 0.5),
    READ("read", "1M", "1M sequential read", 0.7),
    WRITE("write", "1M", "1M sequential write", 0.7);

    private final String rw;
    private final String blockSize;
    private final String label;
    private final double target;

    FioJob(String rw, String blockSize, String label, double target) {
        this.rw = rw;
        this.blockSize = blockSize;
        this.label = label;
        this.target = target;
    }

    /** fio's {@code --rw} value, also the job's name on the command line. */
    String rw() {
        return rw;
    }

    /** fio's {@code --bs} value. */
    String blockSize() {
        return blockSize;
    }

    String label() {
        return label;
    }

    /** Whether fio reports the job's figures under {@code read} (else under {@code write}). */
    boolean reads() {
        return this == RANDREAD || this == READ;
    }

    /** The least ratio ours / qemu-nbd (IOPS, same as MB/s for one block size) the job should reach. */
    double target() {
        return target;
    }

    /**
     * The job named by its {@code --rw} value.
     *
     * @throws IllegalArgumentException for any other name
     */
    static FioJob named(String rw) {
        for (FioJob job : values()) {
            if (job.rw.equals(rw.trim().toLowerCase(Locale.ROOT))) {
                return job;
            }
        }
        throw new IllegalArgumentException("unknown job " + rw + " (randread, randwrite, read, write)");
    }
}
