package io.granary.benchmark;

/**
 * The benchmark cannot give figures: a request failed or a read returned other bytes than were
 * written. The message says which phase and which operation; the program exits non-zero with it.
 */
final class BenchmarkFailure extends Exception {
    private static final long serialVersionUID = 1L;

    BenchmarkFailure(String message) {
        super(message);
    }

    BenchmarkFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Operation {@code index} of {@code phase} threw {@code cause}. */
    static BenchmarkFailure of(String phase, int index, Throwable cause) {
        if (cause instanceof VerificationException) {
            return new BenchmarkFailure(phase + ", operation " + index + ": VERIFICATION FAILED: " + cause.getMessage(), cause);
        }
        return new BenchmarkFailure(phase + ", operation " + index + " failed: " + cause, cause);
    }

    /** True if the bytes read back differ from those written (as opposed to a failed request). */
    boolean isVerificationFailure() {
        return getCause() instanceof VerificationException;
    }

    /** A read returned a different length or checksum than the object written under that name. */
    static final class VerificationException extends Exception {
        private static final long serialVersionUID = 1L;

        VerificationException(String message) {
            super(message);
        }
    }
}
