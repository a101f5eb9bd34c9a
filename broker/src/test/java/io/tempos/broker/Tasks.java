package io.tempos.broker;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * This JVM's threads as the kernel sees them ({@code /proc/self/task}): found by name, their
 * scheduling policy and real-time priority read from {@code stat}, and their CPU affinity set
 * from outside (the code under test only ever sets its own).
 */
@SuppressWarnings("restricted") // one FFM downcall, to sched_setaffinity
final class Tasks {

    /** Linux truncates a thread's name (comm) to 15 bytes. */
    private static final int COMM_BYTES = 15;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SCHED_SETAFFINITY = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("sched_setaffinity"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private Tasks() {
    }

    /** Kernel thread ids of this process's threads named {@code javaName} (as the kernel truncates it). */
    static List<Integer> named(String javaName) {
        String comm = javaName.length() > COMM_BYTES ? javaName.substring(0, COMM_BYTES) : javaName;
        List<Integer> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(comm)) {
                        tids.add(Integer.parseInt(task.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/task", e);
        }
        return tids;
    }

    /** Field 41 of {@code stat}: the scheduling policy (0 OTHER, 1 FIFO, 2 RR). */
    static int policy(int tid) {
        return statField(tid, 41);
    }

    /** Field 40 of {@code stat}: the real-time priority (0 for OTHER). */
    static int rtPriority(int tid) {
        return statField(tid, 40);
    }

    /** Restricts thread {@code tid} of this process to {@code cpus}. */
    static void pin(int tid, Collection<Integer> cpus) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(128);
            for (int cpu : cpus) {
                mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte) (mask.get(ValueLayout.JAVA_BYTE, cpu / 8) | (1 << (cpu % 8))));
            }
            int rc = (int) SCHED_SETAFFINITY.invokeExact(tid, 128L, mask);
            if (rc != 0) {
                throw new AssertionError("sched_setaffinity(" + tid + ", " + cpus + ") failed");
            }
        } catch (Throwable t) {
            throw t instanceof AssertionError a ? a : new AssertionError(t);
        }
    }

    /** Field {@code n} (1-based, as in proc(5)) of {@code /proc/self/task/TID/stat}. */
    private static int statField(int tid, int n) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            // comm (field 2) may hold spaces: count the fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[n - 3]);
        } catch (IOException e) {
            throw new AssertionError("thread " + tid + " is gone", e);
        }
    }
}
