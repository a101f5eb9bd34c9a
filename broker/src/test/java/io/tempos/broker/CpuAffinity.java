package io.tempos.broker;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Collection;

/**
 * Sets the CPU affinity of this JVM's threads from outside (the code under test only ever sets
 * its own); core's {@link io.tempos.core.testing.KernelThreads} finds them and reads their
 * scheduling.
 */
@SuppressWarnings("restricted") // one FFM downcall, to sched_setaffinity
final class CpuAffinity {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SCHED_SETAFFINITY = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("sched_setaffinity"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private CpuAffinity() {
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
}
