package io.granary.metadata.hbase;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.hbase.DoNotRetryIOException;
import org.apache.hadoop.hbase.TableNotEnabledException;
import org.apache.hadoop.hbase.UnknownScannerException;
import org.apache.hadoop.hbase.exceptions.OutOfOrderScannerNextException;
import org.apache.hadoop.hbase.exceptions.ScannerResetException;
import org.apache.hadoop.hbase.regionserver.LeaseException;

/**
 * The one place where HBase failures become {@link StoreException}s, so no HBase exception type
 * leaves this module. The HBase client retries what can be retried before it gives up, so what
 * reaches here is either the cluster being out of reach or busy ({@link StoreError#UNAVAILABLE}:
 * connection refused, timeouts, regions in transition, retries exhausted, a disabled table) or a
 * request the cluster will never accept ({@link StoreError#INTERNAL}: HBase's
 * {@link DoNotRetryIOException}s such as a missing table or column family, and rows this module
 * cannot decode).
 */
final class HBaseErrors {
    /** Work against the cluster. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException;
    }

    /** Refusals that HBase does not retry but that a later attempt may well get past. */
    private static final List<Class<? extends DoNotRetryIOException>> PASSING_REFUSALS = List.of(
            TableNotEnabledException.class, UnknownScannerException.class, ScannerResetException.class,
            OutOfOrderScannerNextException.class, LeaseException.class);

    private HBaseErrors() {
    }

    /**
     * Runs {@code call}, translating its failures. {@link StoreException}s the call throws itself
     * (such as {@link StoreError#ALREADY_EXISTS}) pass unchanged.
     *
     * @param operation what was being done, for the message (for example {@code "PutObject"})
     */
    static <T> T call(String operation, Call<T> call) {
        try {
            return call.run();
        } catch (StoreException e) {
            throw e;
        } catch (MalformedRowException e) {
            throw new StoreException(StoreError.INTERNAL, operation + " read a malformed row: " + e.getMessage(), e);
        } catch (IOException e) {
            throw translate(operation, e);
        } catch (UncheckedIOException e) {
            throw translate(operation, e.getCause());
        } catch (RuntimeException e) {
            // The HBase client also throws unchecked exceptions (bad arguments, closed connection).
            throw new StoreException(StoreError.INTERNAL, operation + " failed: " + e, e);
        }
    }

    /** The store's view of an HBase failure. */
    static StoreException translate(String operation, IOException failure) {
        if (isInterruption(failure)) {
            // Keep the interrupt visible to the caller's thread.
            Thread.currentThread().interrupt();
        }
        StoreError error = isPermanent(failure) ? StoreError.INTERNAL : StoreError.UNAVAILABLE;
        String reason = error == StoreError.UNAVAILABLE
                ? " failed: the metadata store (HBase) is unavailable: "
                : " failed: the metadata store (HBase) refused the request: ";
        return new StoreException(error, operation + reason + failure.getMessage(), failure);
    }

    /**
     * Whether the thread was interrupted. The HBase client reports that as an
     * InterruptedIOException caused by an InterruptedException, having cleared the flag; socket
     * timeouts are InterruptedIOExceptions too, but without that cause.
     */
    private static boolean isInterruption(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DoNotRetryIOException refusal) {
                return PASSING_REFUSALS.stream().noneMatch(kind -> kind.isInstance(refusal));
            }
        }
        return false;
    }
}
