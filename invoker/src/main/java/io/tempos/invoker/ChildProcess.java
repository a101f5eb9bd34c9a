package io.tempos.invoker;

import io.tempos.core.sys.Linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One function process started with posix_spawn: the parent's ends of its stdin, stdout and
 * stderr pipes (non-blocking), and a pidfd that becomes readable when it exits, so that one
 * {@code poll} waits for I/O, exit and the deadline at once, on the calling worker's thread.
 *
 * <p>The process leads a process group of its own; {@link #close} kills the whole group with
 * SIGKILL and reaps the leader, so nothing a function starts outlives it. What the process
 * writes to stderr is drained while it runs and its last {@value #STDERR_TAIL_BYTES} bytes are
 * kept for failure messages.
 *
 * <p>Used by one thread at a time (a worker, or the management thread at configure time).
 * Its native memory lives in an arena of its own: a confined one for a process that lives for
 * one event on one thread ({@link #startForCaller}), since closing a shared arena makes the
 * closing thread wait on a handshake with every other Java thread of the JVM, one of which may
 * be a best-effort worker that a strict worker's real-time neighbours keep off the CPU.
 */
final class ChildProcess implements AutoCloseable {

    static final int STDERR_TAIL_BYTES = 1024;
    /** {@link #await} results, or-ed. */
    static final int WRITABLE = 1;
    static final int READABLE = 2;
    static final int EXITED = 4;

    private static final System.Logger LOG = System.getLogger(ChildProcess.class.getName());
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int PIDFD = 3;

    private final Arena arena;
    private final MemorySegment state;
    private final MemorySegment pollfds;
    private final MemorySegment status;
    private final MemorySegment stderrChunk;
    private final byte[] stderrTail = new byte[STDERR_TAIL_BYTES];
    private int stderrTailLength;
    private final int[] fds = {-1, -1, -1, -1};
    private final ProcessCommand command;
    private final String containerName;
    private int pid;
    private boolean reaped;
    private int exitStatus;

    private ChildProcess(ProcessCommand command, String containerName, Arena arena) {
        this.command = command;
        this.containerName = containerName;
        this.arena = arena;
        this.state = Posix.callState(arena);
        this.pollfds = arena.allocate(Posix.POLLFD_BYTES * 4, 8);
        this.status = arena.allocate(ValueLayout.JAVA_INT);
        this.stderrChunk = arena.allocate(4096);
    }

    /**
     * Starts {@code command} for use by any one thread at a time (a persistent worker process).
     *
     * @throws FunctionFailure when it cannot: the program cannot be executed (with errno's
     *                         meaning) or the system is out of descriptors or processes
     */
    static ChildProcess start(ProcessCommand command) throws FunctionFailure {
        return start(command, Arena.ofShared());
    }

    /**
     * Starts {@code command} for the calling thread alone, which must also close it (a process
     * per event). @throws FunctionFailure as {@link #start(ProcessCommand)}
     */
    static ChildProcess startForCaller(ProcessCommand command) throws FunctionFailure {
        return start(command, Arena.ofConfined());
    }

    private static ChildProcess start(ProcessCommand command, Arena arena) throws FunctionFailure {
        String[] containerName = new String[1];
        try (Arena call = Arena.ofConfined()) {
            MemorySegment argv;
            try {
                argv = command.argv(call, containerName);
            } catch (RuntimeException e) {
                arena.close();
                throw e;
            }
            ChildProcess child = new ChildProcess(command, containerName[0], arena);
            try {
                child.spawn(call, argv);
                return child;
            } catch (FunctionFailure | RuntimeException e) {
                child.close();
                throw e;
            }
        }
    }

    private void spawn(Arena call, MemorySegment argv) throws FunctionFailure {
        MemorySegment pair = call.allocate(ValueLayout.JAVA_INT, 2);
        int[] childEnds = new int[3];
        try {
            for (int i = 0; i < 3; i++) {
                int rc = Posix.pipe(state, pair);
                if (rc < 0) {
                    throw new FunctionFailure("cannot create a pipe for " + command + ": " + Posix.describeErrno(-rc));
                }
                int read = pair.getAtIndex(ValueLayout.JAVA_INT, 0);
                int write = pair.getAtIndex(ValueLayout.JAVA_INT, 1);
                childEnds[i] = i == STDIN ? read : write;
                fds[i] = i == STDIN ? write : read;
            }
            MemorySegment pidOut = call.allocate(ValueLayout.JAVA_INT);
            int rc = Posix.spawn(call, command.path(), argv, command.envp(), childEnds,
                    command.schedPolicy(), command.schedPriority(), pidOut);
            if (rc == Posix.EPERM && command.schedPolicy() >= 0) {
                warnOnce("sched", "cannot start function processes with their level's real-time scheduling: "
                        + Linux.describe(Linux.EPERM) + "; they run with normal scheduling");
                rc = Posix.spawn(call, command.path(), argv, command.envp(), childEnds, -1, 0, pidOut);
            }
            if (rc != 0) {
                throw new FunctionFailure("cannot start " + command + ": " + Posix.describeErrno(rc));
            }
            pid = pidOut.get(ValueLayout.JAVA_INT, 0);
        } finally {
            for (int end : childEnds) {
                if (end > 0) {
                    Posix.close(state, end);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            Posix.setNonBlocking(state, fds[i]);
        }
        int pidfd = Posix.pidfdOpen(state, pid);
        if (pidfd < 0) {
            throw new FunctionFailure("pidfd_open(" + pid + ") failed: " + Posix.describeErrno(-pidfd)
                    + " (Linux 5.3 or later is needed)");
        }
        fds[PIDFD] = pidfd;
        if (command.nice() != 0) {
            int rc = Linux.setNice(pid, command.nice());   // setpriority on the pid: the process's main thread
            if (rc != 0) {
                warnOnce("nice", "cannot give function processes nice " + command.nice() + ": " + Posix.describeErrno(rc));
            }
        }
        if (!command.cpus().isEmpty()) {
            int rc = Linux.setAffinity(pid, command.cpus());
            if (rc != 0) {
                warnOnce("cpus", "cannot pin function processes to CPUs " + command.cpus() + ": " + Posix.describeErrno(rc));
            }
        }
    }

    int pid() {
        return pid;
    }

    boolean stdinOpen() {
        return fds[STDIN] >= 0;
    }

    boolean stdoutOpen() {
        return fds[STDOUT] >= 0;
    }

    /**
     * Waits until stdin can take bytes (when {@code wantWrite}), stdout has bytes or ended
     * (when {@code wantRead}), or the process exited, whichever comes first, but not past
     * {@code deadlineNs}. Drains stderr meanwhile.
     *
     * @return {@link #WRITABLE}, {@link #READABLE}, {@link #EXITED} or-ed; 0 once the deadline passed
     */
    int await(long deadlineNs, boolean wantWrite, boolean wantRead) {
        while (true) {
            long remainingNs = deadlineNs - System.nanoTime();
            if (remainingNs <= 0) {
                return 0;
            }
            int timeoutMs = (int) Math.min(Integer.MAX_VALUE, (remainingNs + 999_999) / 1_000_000);
            setPollfd(STDIN, wantWrite ? fds[STDIN] : -1, Posix.POLLOUT);
            setPollfd(STDOUT, wantRead ? fds[STDOUT] : -1, Posix.POLLIN);
            setPollfd(STDERR, fds[STDERR], Posix.POLLIN);
            setPollfd(PIDFD, fds[PIDFD], Posix.POLLIN);
            int rc = Posix.poll(state, pollfds, 4, timeoutMs);
            if (rc == -Posix.EINTR || rc == 0) {
                continue;
            }
            if (rc < 0) {
                throw new IllegalStateException("poll failed: " + Posix.describeErrno(-rc));
            }
            if (revents(STDERR) != 0) {
                drainStderr();
            }
            int ready = (revents(STDIN) != 0 ? WRITABLE : 0) | (revents(STDOUT) != 0 ? READABLE : 0)
                    | (revents(PIDFD) != 0 ? EXITED : 0);
            if (ready != 0) {
                return ready;
            }
        }
    }

    /** write(2) to its stdin: bytes written, or -errno (-EAGAIN: full, -EPIPE: it stopped reading). */
    long write(MemorySegment bytes, long offset, long length) {
        return Posix.write(state, fds[STDIN], bytes.asSlice(offset, length), length);
    }

    /** read(2) from its stdout: bytes read, 0 at its end (then closed here), or -errno (-EAGAIN: none yet). */
    long read(MemorySegment into, long offset, long length) {
        long n = Posix.read(state, fds[STDOUT], into.asSlice(offset, length), length);
        if (n == 0) {
            Posix.close(state, fds[STDOUT]);
            fds[STDOUT] = -1;
        }
        return n;
    }

    /** Closes its stdin: the end of its input. */
    void closeStdin() {
        Posix.close(state, fds[STDIN]);
        fds[STDIN] = -1;
    }

    /**
     * Kills what is left of its process group, then reaps the leader: its wait status. The group
     * is killed before the leader is reaped, so that its pid (the group's id) cannot have been
     * reused by then. Blocks only as long as the kernel takes to end a killed process.
     */
    int killAndReap() {
        if (reaped) {
            return exitStatus;
        }
        killGroup();
        while (true) {
            int rc = Posix.waitpid(state, pid, status, 0);
            if (rc == -Posix.EINTR) {
                continue;
            }
            reaped = true;
            exitStatus = rc > 0 ? status.get(ValueLayout.JAVA_INT, 0) : 0;
            return exitStatus;
        }
    }

    /** SIGKILL to its whole process group (and its container, if any); the leader stays unreaped. */
    void killGroup() {
        if (pid > 0) {
            Posix.kill(state, -pid, Posix.SIGKILL);
            if (containerName != null) {
                command.stopContainer(containerName);
            }
        }
    }

    /** e.g. {@code exited with status 2}, once reaped. */
    String describeExit() {
        return reaped ? Posix.describeStatus(exitStatus) : "still running";
    }

    /** {@code ; stderr: …} with the last bytes it wrote there, or empty. */
    String stderrTail() {
        drainStderr();
        if (stderrTailLength == 0) {
            return "";
        }
        return "; stderr: " + new String(stderrTail, 0, stderrTailLength, StandardCharsets.UTF_8).strip();
    }

    private void drainStderr() {
        while (fds[STDERR] >= 0) {
            long n = Posix.read(state, fds[STDERR], stderrChunk, stderrChunk.byteSize());
            if (n == -Posix.EINTR) {
                continue;
            }
            if (n <= 0) {
                if (n == 0) {
                    Posix.close(state, fds[STDERR]);
                    fds[STDERR] = -1;
                }
                return;
            }
            int chunk = (int) Math.min(n, STDERR_TAIL_BYTES);
            int keep = Math.min(stderrTailLength, STDERR_TAIL_BYTES - chunk);
            System.arraycopy(stderrTail, stderrTailLength - keep, stderrTail, 0, keep);
            MemorySegment.copy(stderrChunk, ValueLayout.JAVA_BYTE, n - chunk, stderrTail, keep, chunk);
            stderrTailLength = keep + chunk;
        }
    }

    /** Kills the group, reaps the leader and closes every descriptor. Idempotent. */
    @Override
    public void close() {
        if (!arena.scope().isAlive()) {
            return;
        }
        if (pid > 0) {
            killAndReap();
        }
        for (int i = 0; i < fds.length; i++) {
            Posix.close(state, fds[i]);
            fds[i] = -1;
        }
        arena.close();
    }

    private void setPollfd(int index, int fd, short events) {
        long at = index * Posix.POLLFD_BYTES;
        pollfds.set(ValueLayout.JAVA_INT, at, fd);
        pollfds.set(ValueLayout.JAVA_SHORT, at + 4, events);
        pollfds.set(ValueLayout.JAVA_SHORT, at + 6, (short) 0);
    }

    private short revents(int index) {
        return pollfds.get(ValueLayout.JAVA_SHORT, index * Posix.POLLFD_BYTES + 6);
    }

    private static void warnOnce(String key, String message) {
        if (WARNED.add(key)) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }
}
