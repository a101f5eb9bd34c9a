package io.tempos.invoker;

import io.tempos.core.config.FunctionSpec;
import io.tempos.core.qos.QosLevel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One function loaded by the same invocation classes the invoker's workers call, run on the
 * caller's thread with no socket and no queue: the processing layer alone, for the processing
 * benchmark (the paper's section VI-B measured it with local triggering).
 *
 * <p>Owned by one thread: {@link #invoke} reuses one output buffer and one deadline. Give each
 * calling thread its own runner (a warm DLF loaded twice shares one library handle; a persistent
 * worker gets one process per runner).
 */
public final class FunctionRunner implements AutoCloseable {

    /** {@link #invoke}'s result when the function failed the event; {@link #lastFailure()} says why. */
    public static final long FAILED = -1;
    /** Room for a result, as a worker's: 64 KiB. */
    public static final int OUTPUT_BYTES = 64 * 1024;

    private final FunctionInvocation invocation;
    private final MemorySegment output = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(OUTPUT_BYTES));
    private final long timeoutNs;
    private Deadline deadline;
    private long failures;
    private String lastFailure;

    private FunctionRunner(FunctionInvocation invocation, long timeoutNs) {
        this.invocation = invocation;
        this.timeoutNs = timeoutNs;
    }

    /**
     * Loads {@code function} as an invoker would for a workflow of {@code level}.
     *
     * @param level the scheduling of the processes it starts; null for the caller's own
     * @throws IllegalArgumentException naming the artifact and why it does not load
     */
    public static FunctionRunner load(FunctionSpec function, QosLevel level) {
        try {
            return new FunctionRunner(FunctionLoader.load(function, level), TimeUnit.MILLISECONDS.toNanos(function.timeoutMs()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException((function == null ? "no function" : function.artifact()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the function once on {@code input} (a native segment, e.g. of a direct buffer).
     *
     * @return the result's size in bytes (the result is {@link #output()}'s first bytes), or {@link #FAILED}
     */
    public long invoke(MemorySegment input) {
        if (deadline == null) {
            deadline = Deadline.unwatched(timeoutNs); // the owner is the first calling thread
        }
        try {
            return invocation.invoke(input, output, deadline.start(System.nanoTime(), timeoutNs));
        } catch (FunctionFailure failure) {
            failures++;
            lastFailure = failure.getMessage();
            return FAILED;
        }
    }

    /** The output buffer: after a successful {@link #invoke}, its first bytes are the result. */
    public MemorySegment output() {
        return output;
    }

    /** Events the function failed so far. */
    public long failures() {
        return failures;
    }

    /** Why the last failed event failed, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        invocation.close();
    }

    @Override
    public String toString() {
        return invocation.toString();
    }
}
