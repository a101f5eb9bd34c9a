package io.tempos.core.testing;

import java.lang.management.ManagementFactory;

/**
 * Bytes a named thread of this JVM has allocated, from the JVM's per-thread counters: how a test
 * proves a hot path allocates nothing per event once warm (garbage there becomes collector work
 * and, under a flood, allocation stalls on the very threads that must stay fast).
 */
public final class ThreadAllocations {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ThreadAllocations() {
    }

    /**
     * @return the bytes allocated so far by the live thread named exactly {@code name}
     * @throws IllegalStateException when no live thread has that name, or the JVM does not count allocations
     */
    public static long allocatedBy(String name) {
        if (!THREADS.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread");
        }
        THREADS.setThreadAllocatedMemoryEnabled(true);
        Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no live thread named '" + name + "'"));
        return THREADS.getThreadAllocatedBytes(thread.threadId());
    }
}
