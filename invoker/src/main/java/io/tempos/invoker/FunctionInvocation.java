package io.tempos.invoker;

import java.lang.foreign.MemorySegment;

/**
 * One loaded function, whatever its invocation method: the one interface the workers call.
 *
 * <p>Input and output are native segments owned by the calling worker (its receive buffer and
 * its 64 KiB result buffer), so a warm native call copies nothing and allocates nothing.
 * Implementations are called concurrently by every worker of the workflow's level, and
 * {@link #close} is called once, by whichever thread drops the last reference
 * ({@link LoadedFunction}), never while an invocation is in flight.
 */
interface FunctionInvocation extends AutoCloseable {

    /**
     * Runs the function on one event's payload.
     *
     * @param input  the payload, exactly {@code input.byteSize()} bytes
     * @param output   where the result goes; at most {@code output.byteSize()} bytes are written
     * @param deadline the invocation's time limit: a method that can stop the function there
     *                 (a process, a wasm guest, interruptible Java code) does, and fails the event
     *                 with {@link FunctionFailure#timeout}; the others return late and the worker
     *                 counts the event as timed out
     * @return the number of result bytes written to the start of {@code output} (&ge; 0)
     * @throws FunctionFailure when the function reports an error, throws, crashes, breaks its
     *                         ABI or is stopped at its deadline; the message says why
     */
    long invoke(MemorySegment input, MemorySegment output, Deadline deadline) throws FunctionFailure;

    /** Releases what loading took (a library handle, a class loader, worker processes, wasm instances). */
    @Override
    void close();
}
