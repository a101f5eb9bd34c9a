package io.tempos.invoker;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The libc calls that start and talk to function processes, as FFM downcalls: posix_spawn and
 * its attributes, pipes, poll, read/write, pidfd_open, kill, waitpid (nice and
 * affinity of a started process are core's {@link io.tempos.core.sys.Linux}). Calling posix_spawn
 * directly execs the program once (the JDK's ProcessBuilder execs a helper first, about twice
 * the cost; MACHINE.md).
 *
 * <p>Convention: every method returns a value &ge; 0 on success and {@code -errno} on failure,
 * and takes the caller's {@link #callState} segment, in which the downcall captures errno; no
 * method throws for an OS error. A caller on a hot path allocates its state and buffers once.
 */
@SuppressWarnings("restricted") // native calls are this class's job; the JVM runs with --enable-native-access
final class Posix {

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EPERM = 1;
    static final int ESRCH = 3;
    static final int EPIPE = 32;

    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    private static final int F_SETFL = 4;

    static final short POLLIN = 0x001;
    static final short POLLOUT = 0x004;
    static final short POLLERR = 0x008;
    static final short POLLHUP = 0x010;
    static final short POLLNVAL = 0x020;
    /** struct pollfd: int fd; short events; short revents. */
    static final long POLLFD_BYTES = 8;

    static final int SIGKILL = 9;

    static final short POSIX_SPAWN_SETPGROUP = 0x02;
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final short POSIX_SPAWN_SETSCHEDPARAM = 0x10;
    static final short POSIX_SPAWN_SETSCHEDULER = 0x20;

    /** Larger than glibc's posix_spawn_file_actions_t (80 bytes) and posix_spawnattr_t (336 bytes). */
    static final long SPAWN_STRUCT_BYTES = 512;
    /** glibc's sigset_t. */
    static final long SIGSET_BYTES = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDRESS = ValueLayout.ADDRESS;

    private static final MethodHandle PIPE2 = errnoCall("pipe2", FunctionDescriptor.of(INT, ADDRESS, INT));
    private static final MethodHandle FCNTL = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("fcntl"),
            FunctionDescriptor.of(INT, INT, INT, INT), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle READ = errnoCall("read", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG));
    private static final MethodHandle WRITE = errnoCall("write", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG));
    private static final MethodHandle POLL = errnoCall("poll", FunctionDescriptor.of(INT, ADDRESS, LONG, INT));
    private static final MethodHandle KILL = errnoCall("kill", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle WAITPID = errnoCall("waitpid", FunctionDescriptor.of(INT, INT, ADDRESS, INT));
    private static final MethodHandle PIDFD_OPEN = errnoCall("pidfd_open", FunctionDescriptor.of(INT, INT, INT));
    // posix_spawn and its helpers return the error number itself instead of setting errno.
    private static final MethodHandle SPAWN = call("posix_spawn",
            FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = call("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = call("posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, ADDRESS));
    private static final MethodHandle FA_DUP2 = call("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, ADDRESS, INT, INT));
    private static final MethodHandle FA_CLOSEFROM = call("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(INT, ADDRESS, INT));
    private static final MethodHandle ATTR_INIT = call("posix_spawnattr_init", FunctionDescriptor.of(INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = call("posix_spawnattr_destroy", FunctionDescriptor.of(INT, ADDRESS));
    private static final MethodHandle ATTR_FLAGS = call("posix_spawnattr_setflags", FunctionDescriptor.of(INT, ADDRESS, ValueLayout.JAVA_SHORT));
    private static final MethodHandle ATTR_PGROUP = call("posix_spawnattr_setpgroup", FunctionDescriptor.of(INT, ADDRESS, INT));
    private static final MethodHandle ATTR_SIGMASK = call("posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SIGDEFAULT = call("posix_spawnattr_setsigdefault", FunctionDescriptor.of(INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_POLICY = call("posix_spawnattr_setschedpolicy", FunctionDescriptor.of(INT, ADDRESS, INT));
    private static final MethodHandle ATTR_PARAM = call("posix_spawnattr_setschedparam", FunctionDescriptor.of(INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = call("sigemptyset", FunctionDescriptor.of(INT, ADDRESS));
    private static final MethodHandle SIGFILLSET = call("sigfillset", FunctionDescriptor.of(INT, ADDRESS));

    private Posix() {
    }

    /** A segment for the errno that a downcall captures; one per thread at a time. */
    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** pipe2 with O_CLOEXEC: {read end, write end}, so that no other spawned process inherits it. */
    static int pipe(MemorySegment state, MemorySegment twoInts) {
        try {
            return check(state, (int) PIPE2.invokeExact(state, twoInts, O_CLOEXEC));
        } catch (Throwable t) {
            throw new AssertionError("pipe2 downcall", t);
        }
    }

    static int setNonBlocking(MemorySegment state, int fd) {
        try {
            return check(state, (int) FCNTL.invokeExact(state, fd, F_SETFL, O_NONBLOCK));
        } catch (Throwable t) {
            throw new AssertionError("fcntl downcall", t);
        }
    }

    static int close(MemorySegment state, int fd) {
        if (fd < 0) {
            return 0;
        }
        try {
            return check(state, (int) CLOSE.invokeExact(state, fd));
        } catch (Throwable t) {
            throw new AssertionError("close downcall", t);
        }
    }

    static long read(MemorySegment state, int fd, MemorySegment buffer, long bytes) {
        return transfer(READ, "read", state, fd, buffer, bytes);
    }

    static long write(MemorySegment state, int fd, MemorySegment buffer, long bytes) {
        return transfer(WRITE, "write", state, fd, buffer, bytes);
    }

    /** read or write: the bytes moved, or -errno. The handle is a constant at each caller, so the JIT still inlines the downcall. */
    private static long transfer(MethodHandle call, String name, MemorySegment state, int fd, MemorySegment buffer, long bytes) {
        try {
            long n = (long) call.invokeExact(state, fd, buffer, bytes);
            return n >= 0 ? n : -errno(state);
        } catch (Throwable t) {
            throw new AssertionError(name + " downcall", t);
        }
    }

    /** poll on {@code count} pollfd entries; the number ready, 0 on timeout, or -errno. */
    static int poll(MemorySegment state, MemorySegment pollfds, int count, int timeoutMs) {
        try {
            return check(state, (int) POLL.invokeExact(state, pollfds, (long) count, timeoutMs));
        } catch (Throwable t) {
            throw new AssertionError("poll downcall", t);
        }
    }

    static int kill(MemorySegment state, int pid, int signal) {
        try {
            return check(state, (int) KILL.invokeExact(state, pid, signal));
        } catch (Throwable t) {
            throw new AssertionError("kill downcall", t);
        }
    }

    /** waitpid; the pid reaped (0 with WNOHANG when still running) and its status in {@code statusInt}. */
    static int waitpid(MemorySegment state, int pid, MemorySegment statusInt, int options) {
        try {
            return check(state, (int) WAITPID.invokeExact(state, pid, statusInt, options));
        } catch (Throwable t) {
            throw new AssertionError("waitpid downcall", t);
        }
    }

    /** A pidfd of {@code pid}: poll reports it readable once the process has exited. */
    static int pidfdOpen(MemorySegment state, int pid) {
        try {
            return check(state, (int) PIDFD_OPEN.invokeExact(state, pid, 0));
        } catch (Throwable t) {
            throw new AssertionError("pidfd_open downcall", t);
        }
    }

    /**
     * posix_spawn(path, argv, envp) with stdin, stdout and stderr taken from {@code stdio}, every
     * other descriptor closed, in a process group of its own (so that a kill of the group reaches
     * whatever the program starts), default signal dispositions and an empty signal mask (the
     * JVM's own handlers and masks must not leak into it), and, when {@code schedPolicy} &ge; 0,
     * that scheduling policy and priority.
     *
     * @param stdio three descriptors for the child's 0, 1, 2
     * @param pidOut receives the child's pid
     * @return 0, or the positive error number of the failure (posix_spawn's own convention)
     */
    static int spawn(Arena arena, MemorySegment path, MemorySegment argv, MemorySegment envp, int[] stdio,
                     int schedPolicy, int schedPriority, MemorySegment pidOut) {
        MemorySegment actions = arena.allocate(SPAWN_STRUCT_BYTES, 16);
        MemorySegment attr = arena.allocate(SPAWN_STRUCT_BYTES, 16);
        MemorySegment noSignals = arena.allocate(SIGSET_BYTES, 8);
        MemorySegment allSignals = arena.allocate(SIGSET_BYTES, 8);
        MemorySegment param = arena.allocate(INT);
        try {
            int rc = (int) FA_INIT.invokeExact(actions);
            if (rc != 0) {
                return rc;
            }
            rc = (int) ATTR_INIT.invokeExact(attr);
            if (rc != 0) {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
                return rc;
            }
            try {
                for (int fd = 0; fd < 3; fd++) {
                    rc = (int) FA_DUP2.invokeExact(actions, stdio[fd], fd);
                    if (rc != 0) {
                        return rc;
                    }
                }
                rc = (int) FA_CLOSEFROM.invokeExact(actions, 3);
                if (rc != 0) {
                    return rc;
                }
                int ignored = (int) SIGEMPTYSET.invokeExact(noSignals);
                ignored = (int) SIGFILLSET.invokeExact(allSignals);
                short flags = (short) (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
                ignored = (int) ATTR_PGROUP.invokeExact(attr, 0);
                ignored = (int) ATTR_SIGMASK.invokeExact(attr, noSignals);
                ignored = (int) ATTR_SIGDEFAULT.invokeExact(attr, allSignals);
                if (schedPolicy >= 0) {
                    flags |= POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_SETSCHEDPARAM;
                    param.set(INT, 0, schedPriority);
                    ignored = (int) ATTR_POLICY.invokeExact(attr, schedPolicy);
                    ignored = (int) ATTR_PARAM.invokeExact(attr, param);
                }
                ignored = (int) ATTR_FLAGS.invokeExact(attr, flags);
                return (int) SPAWN.invokeExact(pidOut, path, actions, attr, argv, envp);
            } finally {
                int ignored = (int) ATTR_DESTROY.invokeExact(attr);
                ignored = (int) FA_DESTROY.invokeExact(actions);
            }
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn downcall", t);
        }
    }

    /** A NULL-terminated {@code char *[]} of {@code strings}, living as long as {@code arena}. */
    static MemorySegment cStringArray(Arena arena, Iterable<String> strings) {
        List<MemorySegment> pointers = new ArrayList<>();
        for (String s : strings) {
            pointers.add(arena.allocateFrom(s));
        }
        MemorySegment array = arena.allocate(ADDRESS, pointers.size() + 1L);
        for (int i = 0; i < pointers.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, pointers.get(i));
        }
        array.setAtIndex(ValueLayout.ADDRESS, pointers.size(), MemorySegment.NULL);
        return array;
    }

    /** Decodes a waitpid status: e.g. {@code exited with status 2}, {@code killed by signal 11 (SIGSEGV)}. */
    static String describeStatus(int status) {
        int signal = status & 0x7f;
        if (signal == 0) {
            return "exited with status " + ((status >> 8) & 0xff);
        }
        return "killed by signal " + signal + " (" + signalName(signal) + ")";
    }

    static boolean exitedCleanly(int status) {
        return status == 0;
    }

    static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 15 -> "SIGTERM";
            case 24 -> "SIGXCPU";
            case 25 -> "SIGXFSZ";
            default -> "signal " + signal;
        };
    }

    /** A short text for an errno value. */
    static String describeErrno(int errno) {
        return switch (errno) {
            case 1 -> "EPERM (operation not permitted)";
            case 2 -> "ENOENT (no such file or directory)";
            case 8 -> "ENOEXEC (not an executable format)";
            case 11 -> "EAGAIN (resource temporarily unavailable)";
            case 12 -> "ENOMEM (out of memory)";
            case 13 -> "EACCES (permission denied)";
            case 24 -> "EMFILE (too many open files)";
            case 32 -> "EPIPE (broken pipe)";
            default -> "errno " + errno;
        };
    }

    private static int check(MemorySegment state, int rc) {
        return rc >= 0 ? rc : -errno(state);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, CAPTURE_ERRNO);
    }

    private static MethodHandle call(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor);
    }
}
