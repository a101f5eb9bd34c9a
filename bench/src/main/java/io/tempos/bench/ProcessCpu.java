package io.tempos.bench;

import java.lang.management.ManagementFactory;

/**
 * The CPU time this whole process has used, all its threads together: in a benchmark the
 * in-process deployment (trigger, broker, invoker, the function), the producers and the JVM's
 * own threads. Read from the JVM ({@code OperatingSystemMXBean#getProcessCpuTime}, on Linux the
 * utime + stime of {@code /proc/self/stat}), with the wall time beside it, so that a window
 * between two readings gives the CPU a run used as a share of one CPU.
 *
 * @param cpuNanos  process CPU time, or -1 where the JVM cannot tell
 * @param wallNanos {@link System#nanoTime()} at the reading
 */
record ProcessCpu(long cpuNanos, long wallNanos) {

    private static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    static ProcessCpu now() {
        long cpu = OS instanceof com.sun.management.OperatingSystemMXBean hotspot ? hotspot.getProcessCpuTime() : -1;
        return new ProcessCpu(cpu, System.nanoTime());
    }

    /**
     * CPU used from {@code start} to this reading as a percentage of one CPU: 100 is one CPU
     * busy for the whole window, and on N CPUs the value can reach 100 × N. Rounded to 0.1;
     * null when the JVM does not report its CPU time or the window is empty.
     */
    Double percentOfOneCpuSince(ProcessCpu start) {
        long wall = wallNanos - start.wallNanos;
        if (cpuNanos < 0 || start.cpuNanos < 0 || wall <= 0) {
            return null;
        }
        return Math.round(1000.0 * (cpuNanos - start.cpuNanos) / wall) / 10.0;
    }
}
