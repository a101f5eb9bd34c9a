package io.tempos.invoker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * FSPAWN, a process per event (the paper's method): posix_spawn the program, write the payload
 * to its stdin and close it, read its stdout into the worker's output buffer, and take exit
 * status 0 as success. All on the calling worker's thread, with one poll over the pipes, the
 * process's pidfd and the deadline.
 *
 * <p>Failures of the event: the program cannot be started; it exits non-zero or is killed by a
 * signal (the message has the status and the end of its stderr); it writes more than the
 * output buffer holds (killed at once); it runs past the deadline (its process group is killed:
 * {@code timeout}). Whatever the outcome, its whole process group is killed before the call
 * returns, so nothing it started outlives the event.
 */
final class SpawnFunction implements FunctionInvocation {

    private final ProcessCommand command;

    SpawnFunction(ProcessCommand command) {
        this.command = command;
    }

    @Override
    public long invoke(MemorySegment input, MemorySegment output, Deadline deadline) throws FunctionFailure {
        try (ChildProcess child = ChildProcess.startForCaller(command); Arena scratch = Arena.ofConfined()) {
            return run(child, input, output, deadline, scratch.allocate(1));
        }
    }

    private long run(ChildProcess child, MemorySegment input, MemorySegment output, Deadline deadline,
                     MemorySegment overflowProbe) throws FunctionFailure {
        long length = input.byteSize();
        long sent = 0;
        long written = 0;
        if (length == 0) {
            child.closeStdin();
        }
        while (true) {
            int ready = child.await(deadline.atNs(), child.stdinOpen(), child.stdoutOpen());
            if (ready == 0) {
                child.killAndReap();
                throw FunctionFailure.timeout(command + " ran past its timeout of " + deadline.timeoutMs()
                        + " ms: killed its process group " + child.pid() + child.stderrTail());
            }
            if ((ready & ChildProcess.WRITABLE) != 0) {
                long n = child.write(input, sent, length - sent);
                if (n > 0) {
                    sent += n;
                }
                if (sent == length || n == -Posix.EPIPE) {
                    child.closeStdin(); // all sent, or it stopped reading (its business)
                }
            }
            if ((ready & (ChildProcess.READABLE | ChildProcess.EXITED)) != 0) {
                written = drainStdout(child, output, written, overflowProbe);
            }
            if ((ready & ChildProcess.EXITED) != 0) {
                break;
            }
        }
        int status = child.killAndReap();
        if (!Posix.exitedCleanly(status)) {
            throw new FunctionFailure(command + " " + Posix.describeStatus(status) + child.stderrTail());
        }
        return written;
    }

    /** Reads what stdout has now into {@code output} from {@code written} on; the new total. */
    private long drainStdout(ChildProcess child, MemorySegment output, long written, MemorySegment probe) throws FunctionFailure {
        while (child.stdoutOpen()) {
            long room = output.byteSize() - written;
            long n = room > 0 ? child.read(output, written, room) : child.read(probe, 0, 1);
            if (n == -Posix.EINTR) {
                continue;
            }
            if (n <= 0) {
                return written; // its end (0), or nothing more for now (-EAGAIN)
            }
            if (room == 0) {
                child.killAndReap();
                throw new FunctionFailure(command + " wrote more than " + output.byteSize()
                        + " bytes to stdout (the most a result may have): killed");
            }
            written += n;
        }
        return written;
    }

    @Override
    public void close() {
        // Nothing outlives an invocation.
    }

    @Override
    public String toString() {
        return "fspawn " + command;
    }
}
