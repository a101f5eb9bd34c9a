package io.tempos.core.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The few Linux calls Tempos needs that the JDK does not offer, as FFM downcalls into libc.
 * Each returns 0 on success or the positive errno of the failure; none throws for an OS error.
 */
public final class Linux {

    public static final int EPERM = 1;
    public static final int EINVAL = 22;
    public static final int SOL_SOCKET = 1;
    public static final int SO_PRIORITY = 12;
    public static final int SO_BUSY_POLL = 46;
    /** SO_TXTIME (asm-generic/socket.h): per-packet transmit times for the ETF qdisc. */
    public static final int SO_TXTIME = 61;
    /** CLOCK_TAI, the clock ETF schedules on. */
    public static final int CLOCK_TAI = 11;
    public static final int ESRCH = 3;
    private static final long FIONREAD = 0x541B;
    private static final int PRIO_PROCESS = 0;
    private static final int CPU_SET_BYTES = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle GETTID = downcall("gettid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final MethodHandle SCHED_SETSCHEDULER = downcallWithErrno("sched_setscheduler",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle SCHED_GETSCHEDULER = downcallWithErrno("sched_getscheduler",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SCHED_SETAFFINITY = downcallWithErrno("sched_setaffinity",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle SETPRIORITY = downcallWithErrno("setpriority",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = downcallWithErrno("setsockopt",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private static final MethodHandle GETSOCKOPT = downcallWithErrno("getsockopt",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle IOCTL_INT = downcallWithErrno("ioctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(2));

    private Linux() {
    }

    /**
     * sched_setscheduler on the thread {@code tid} (0 = the calling thread): how one thread
     * changes another's policy, e.g. to boost a starved one.
     */
    public static int setScheduler(int tid, int policy, int priority) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment param = arena.allocate(ValueLayout.JAVA_INT);
            param.set(ValueLayout.JAVA_INT, 0, priority);
            int rc = (int) SCHED_SETSCHEDULER.invokeExact(state, tid, policy, param);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Sets the nice value of the thread {@code tid}. */
    public static int setNice(int tid, int nice) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) SETPRIORITY.invokeExact(state, PRIO_PROCESS, tid, nice);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * getsockopt with an int value, for options whose values are never negative: the value, or
     * {@code -errno}.
     */
    public static int getSocketOption(int fd, int level, int option) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, Integer.BYTES);
            int rc = (int) GETSOCKOPT.invokeExact(state, fd, level, option, value, length);
            return rc == 0 ? value.get(ValueLayout.JAVA_INT, 0) : -errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** ioctl(FIONREAD) on a UDP socket: the size of the next pending datagram (0: none), or {@code -errno}. */
    public static int pendingBytes(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            int rc = (int) IOCTL_INT.invokeExact(state, fd, FIONREAD, value);
            return rc == 0 ? value.get(ValueLayout.JAVA_INT, 0) : -errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The kernel thread id of the calling thread (what {@code chrt -p} takes). */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** sched_setscheduler on the calling thread; {@code priority} is 1..99 for FIFO/RR, 0 for OTHER. */
    public static int setScheduler(int policy, int priority) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment param = arena.allocate(ValueLayout.JAVA_INT);
            param.set(ValueLayout.JAVA_INT, 0, priority);
            int rc = (int) SCHED_SETSCHEDULER.invokeExact(state, 0, policy, param);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The policy of the thread {@code tid} (0 = calling thread), or -errno. */
    public static int getScheduler(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) SCHED_GETSCHEDULER.invokeExact(state, tid);
            return rc >= 0 ? rc : -errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Restricts the calling thread to {@code cpus}. */
    public static int setAffinity(Iterable<Integer> cpus) {
        return setAffinity(0, cpus);
    }

    /**
     * Restricts the thread {@code tid} (0 = the calling thread) to {@code cpus}; an empty
     * {@code cpus} lifts the restriction (every CPU the process's cpuset allows).
     */
    public static int setAffinity(int tid, Iterable<Integer> cpus) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            for (int cpu : cpus) {
                if (cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
                    return EINVAL;
                }
                int index = cpu / 8;
                mask.set(ValueLayout.JAVA_BYTE, index, (byte) (mask.get(ValueLayout.JAVA_BYTE, index) | (1 << (cpu % 8))));
            }
            if (!cpus.iterator().hasNext()) {
                mask.fill((byte) 0xFF); // the kernel keeps only the CPUs the cpuset allows
            }
            int rc = (int) SCHED_SETAFFINITY.invokeExact(state, tid, (long) CPU_SET_BYTES, mask);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Sets the nice value of the calling thread (Linux applies setpriority to a tid). */
    public static int setNice(int nice) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) SETPRIORITY.invokeExact(state, PRIO_PROCESS, gettid(), nice);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** setsockopt with an int value. */
    public static int setSocketOption(int fd, int level, int option, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            v.set(ValueLayout.JAVA_INT, 0, value);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, option, v, Integer.BYTES);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * setsockopt(SO_TXTIME) with {@code struct sock_txtime {clockid_t clockid; u32 flags;}}:
     * 0, or the errno (ENOPROTOOPT on kernels without it).
     */
    public static int setTxTime(int fd, int clockId, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment v = arena.allocate(2 * Integer.BYTES, Integer.BYTES);
            v.set(ValueLayout.JAVA_INT, 0, clockId);
            v.set(ValueLayout.JAVA_INT, Integer.BYTES, flags);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_TXTIME, v, 2 * Integer.BYTES);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** getsockopt(SO_TXTIME): the clock id set on the socket, or {@code -errno}. */
    public static int getTxTimeClock(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment v = arena.allocate(2 * Integer.BYTES, Integer.BYTES);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 2 * Integer.BYTES);
            int rc = (int) GETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_TXTIME, v, length);
            return rc == 0 ? v.get(ValueLayout.JAVA_INT, 0) : -errno(state);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** A short text for an errno value, for warnings. */
    public static String describe(int errno) {
        return switch (errno) {
            case 0 -> "ok";
            case EPERM -> "EPERM (operation not permitted: needs CAP_SYS_NICE / root, or an RT budget in this cgroup)";
            case EINVAL -> "EINVAL (invalid argument)";
            case ESRCH -> "ESRCH (no such thread)";
            default -> "errno " + errno;
        };
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor);
    }

    private static MethodHandle downcallWithErrno(String name, FunctionDescriptor descriptor, Linker.Option... more) {
        Linker.Option[] options = Arrays.copyOf(more, more.length + 1);
        options[more.length] = CAPTURE_ERRNO;
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, options);
    }
}
