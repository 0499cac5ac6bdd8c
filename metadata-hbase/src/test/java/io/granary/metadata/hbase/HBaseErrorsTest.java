package io.granary.metadata.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.granary.core.StoreError;
import io.granary.core.StoreException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.apache.hadoop.hbase.NotServingRegionException;
import org.apache.hadoop.hbase.TableNotEnabledException;
import org.apache.hadoop.hbase.TableNotFoundException;
import org.apache.hadoop.hbase.UnknownScannerException;
import org.apache.hadoop.hbase.client.RetriesExhaustedException;
import org.apache.hadoop.hbase.ipc.CallTimeoutException;
import org.apache.hadoop.hbase.regionserver.NoSuchColumnFamilyException;
import org.junit.jupiter.api.Test;

class HBaseErrorsTest {
    @Test
    void anUnreachableOrBusyClusterIsUnavailable() {
        assertEquals(StoreError.UNAVAILABLE, errorOf(new ConnectException("Connection refused")));
        assertEquals(StoreError.UNAVAILABLE, errorOf(new SocketTimeoutException("read timed out")));
        assertEquals(StoreError.UNAVAILABLE, errorOf(new CallTimeoutException("call timed out")));
        assertEquals(StoreError.UNAVAILABLE, errorOf(new NotServingRegionException("region moving")));
        assertEquals(StoreError.UNAVAILABLE,
                errorOf(new RetriesExhaustedException("gave up", new ConnectException("Connection refused"))));
        assertEquals(StoreError.UNAVAILABLE, errorOf(new TableNotEnabledException("granary:objects")));
        assertEquals(StoreError.UNAVAILABLE, errorOf(new UnknownScannerException("lease expired")));
        assertEquals(StoreError.UNAVAILABLE, errorOf(new IOException("something transient")));
    }

    @Test
    void refusedRequestsAreInternal() {
        assertEquals(StoreError.INTERNAL, errorOf(new TableNotFoundException("granary:objects")));
        assertEquals(StoreError.INTERNAL, errorOf(new NoSuchColumnFamilyException("o")));
        assertEquals(StoreError.INTERNAL,
                errorOf(new RetriesExhaustedException("gave up", new TableNotFoundException("granary:objects"))));
    }

    @Test
    void malformedRowsAndUncheckedFailuresAreInternal() {
        assertEquals(StoreError.INTERNAL, failure(() -> {
            throw new MalformedRowException("bad row");
        }).error());
        assertEquals(StoreError.INTERNAL, failure(() -> {
            throw new IllegalStateException("connection closed");
        }).error());
        assertEquals(StoreError.UNAVAILABLE, failure(() -> {
            throw new UncheckedIOException(new ConnectException("Connection refused"));
        }).error());
    }

    @Test
    void storeExceptionsPassUnchanged() {
        StoreException own = new StoreException(StoreError.ALREADY_EXISTS, "exists");
        assertSame(own, failure(() -> {
            throw own;
        }));
    }

    @Test
    void anInterruptionKeepsTheThreadInterrupted() {
        InterruptedIOException interrupted = new InterruptedIOException("interrupted");
        interrupted.initCause(new InterruptedException());
        try {
            assertEquals(StoreError.UNAVAILABLE, errorOf(interrupted));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        errorOf(new SocketTimeoutException("timed out"));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void theMessageNamesTheOperation() {
        assertTrue(failure(() -> {
            throw new ConnectException("Connection refused");
        }).getMessage().startsWith("PutObject failed"));
    }

    private static StoreError errorOf(IOException failure) {
        return failure(() -> {
            throw failure;
        }).error();
    }

    private static StoreException failure(HBaseErrors.Call<Object> call) {
        return assertThrows(StoreException.class, () -> HBaseErrors.call("PutObject", call));
    }
}
