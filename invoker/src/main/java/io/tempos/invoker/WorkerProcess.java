package io.tempos.invoker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One persistent worker process and the invoker's side of the persistent-worker protocol
 * (README, "FSPAWN persistent worker"):
 * <pre>
 *   worker  → invoker, once at start:  READY  = u8 2, u32 0
 *   invoker → worker, per event:       u32 length (big-endian), payload
 *   worker  → invoker, per event:      u8 status (0 ok, 1 error), u32 length (big-endian), bytes
 * </pre>
 * A worker that answers anything else (another status byte, a result longer than the output
 * buffer, an error message longer than {@value #MAX_ERROR_BYTES} bytes, READY again), closes
 * its stdout, dies, or runs past the deadline is <em>broken</em>: the event in flight fails,
 * and the caller closes this process (killing its group) and starts another.
 *
 * <p>Used by one thread at a time: the pool hands it to one invocation after another.
 */
final class WorkerProcess implements AutoCloseable {

    static final byte STATUS_OK = 0;
    static final byte STATUS_ERROR = 1;
    static final byte STATUS_READY = 2;
    static final int HEADER_BYTES = 5;
    static final int MAX_ERROR_BYTES = 4096;
    private static final ValueLayout.OfInt BIG_ENDIAN_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final ChildProcess child;
    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment request = arena.allocate(4 + LevelWorker.RECEIVE_BUFFER_BYTES);
    private final MemorySegment header = arena.allocate(HEADER_BYTES);
    private final MemorySegment message = arena.allocate(MAX_ERROR_BYTES);
    private boolean broken;
    private boolean delivered;

    private WorkerProcess(ChildProcess child, String name) {
        this.child = child;
        this.name = name;
    }

    /**
     * Starts {@code command} and waits for its READY until {@code deadlineNs}.
     *
     * @throws FunctionFailure when it cannot start, dies first or says something else (its
     *                         stderr is in the message), or is not ready in time
     */
    static WorkerProcess start(ProcessCommand command, String name, long deadlineNs) throws FunctionFailure {
        WorkerProcess worker = new WorkerProcess(ChildProcess.start(command), name);
        try {
            worker.readExactly(worker.header, HEADER_BYTES, deadlineNs, "while starting (before READY)");
            byte status = worker.header.get(ValueLayout.JAVA_BYTE, 0);
            int length = worker.header.get(BIG_ENDIAN_INT, 1);
            if (status != STATUS_READY || length != 0) {
                throw worker.broken("sent " + describeHeader(status, length) + " instead of READY (status 2, length 0)");
            }
            return worker;
        } catch (FunctionFailure e) {
            worker.close();
            throw e;
        }
    }

    int pid() {
        return child.pid();
    }

    /** False once the worker broke the protocol, died or timed out: close it, start another. */
    boolean healthy() {
        return !broken;
    }

    /**
     * False when the last call failed before the whole event was written to the worker (it had
     * died while idle): the event was never processed, so it may go to another worker.
     */
    boolean delivered() {
        return delivered;
    }

    /**
     * Sends one event and reads its answer into {@code output}.
     *
     * @return the result's length
     * @throws FunctionFailure with the worker's own error message (it stays healthy), or why the
     *                         worker broke (it is then not {@link #healthy()})
     */
    long call(MemorySegment input, MemorySegment output, Deadline deadline) throws FunctionFailure {
        long length = input.byteSize();
        if (length > request.byteSize() - 4) {
            throw new FunctionFailure("event of " + length + " bytes > " + (request.byteSize() - 4) + " for " + name);
        }
        request.set(BIG_ENDIAN_INT, 0, (int) length);
        MemorySegment.copy(input, 0, request, 4, length);
        delivered = false;
        writeAll(request, 4 + length, deadline.atNs());
        delivered = true;
        readExactly(header, HEADER_BYTES, deadline.atNs(), "before answering");
        byte status = header.get(ValueLayout.JAVA_BYTE, 0);
        int resultLength = header.get(BIG_ENDIAN_INT, 1);
        if (status == STATUS_OK && resultLength >= 0 && resultLength <= output.byteSize()) {
            readExactly(output, resultLength, deadline.atNs(), "in the middle of its result");
            return resultLength;
        }
        if (status == STATUS_ERROR && resultLength >= 0 && resultLength <= MAX_ERROR_BYTES) {
            readExactly(message, resultLength, deadline.atNs(), "in the middle of its error message");
            String text = new String(message.asSlice(0, resultLength).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            throw new FunctionFailure(name + " failed: " + text);
        }
        throw broken("broke the protocol: it answered " + describeHeader(status, resultLength) + " (expected status 0 with at most "
                + output.byteSize() + " bytes, or status 1 with at most " + MAX_ERROR_BYTES + ")");
    }

    private void writeAll(MemorySegment bytes, long length, long deadlineNs) throws FunctionFailure {
        long sent = 0;
        while (sent < length) {
            long n = child.write(bytes, sent, length - sent);
            if (n > 0) {
                sent += n;
                continue;
            }
            if (n == -Posix.EPIPE) {
                throw died("before reading the event");
            }
            if (n != -Posix.EAGAIN && n != -Posix.EINTR) {
                throw broken("cannot be written to: " + Posix.describeErrno((int) -n));
            }
            int ready = child.await(deadlineNs, true, false);
            if (ready == 0) {
                throw timedOut();
            }
            if ((ready & ChildProcess.WRITABLE) == 0 && (ready & ChildProcess.EXITED) != 0) {
                throw died("before reading the event");
            }
        }
    }

    private void readExactly(MemorySegment into, long length, long deadlineNs, String when) throws FunctionFailure {
        long got = 0;
        boolean exited = false;
        while (got < length) {
            long n = child.read(into, got, length - got);
            if (n > 0) {
                got += n;
                continue;
            }
            if (n == 0) {
                throw died(when);
            }
            if (n != -Posix.EAGAIN && n != -Posix.EINTR) {
                throw broken("cannot be read from: " + Posix.describeErrno((int) -n));
            }
            if (exited) {
                throw died(when); // it exited and what it wrote before is all read
            }
            int ready = child.await(deadlineNs, false, true);
            if (ready == 0) {
                throw timedOut();
            }
            exited = (ready & ChildProcess.EXITED) != 0;
        }
    }

    private FunctionFailure died(String when) {
        broken = true;
        child.killAndReap();
        return new FunctionFailure(name + " (pid " + child.pid() + ") " + child.describeExit() + " " + when
                + "; it is restarted" + child.stderrTail());
    }

    private FunctionFailure broken(String what) {
        broken = true;
        child.killAndReap();
        return new FunctionFailure(name + " (pid " + child.pid() + ") " + what + "; it is restarted" + child.stderrTail());
    }

    private FunctionFailure timedOut() {
        broken = true;
        child.killAndReap();
        return FunctionFailure.timeout(name + " (pid " + child.pid() + ") ran past its deadline: killed its process group;"
                + " it is restarted" + child.stderrTail());
    }

    private static String describeHeader(byte status, int length) {
        return String.format("status 0x%02x, length %d", status & 0xff, Integer.toUnsignedLong(length));
    }

    /** Kills its process group (a worker holds no state worth a graceful stop) and frees its buffers. */
    @Override
    public void close() {
        child.close();
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
