package io.tempos.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Warms a loop up until the JIT has compiled what it runs: a measured run of Java code (a JVM
 * function, the bytecode Chicory makes of a wasm module, the invoker's own paths) that starts
 * before the JIT is done measures the interpreter, and in a short run that is much of the
 * time. The loop runs in rounds of {@link #ROUND_MS}; it is warm once a round ends with no
 * compilation finished during it, after at least the minimum and at most {@link #MAX_S}.
 */
final class JitWarmUp {

    static final long ROUND_MS = 500;
    static final long MAX_S = 20;

    private JitWarmUp() {
    }

    /**
     * Calls {@code round} (which runs the loop until the deadline it is given, as
     * {@code System.nanoTime()}) until the JIT is idle.
     *
     * @param minNs the shortest warm-up
     * @return true when the JIT went idle, false when it was still compiling at {@link #MAX_S}
     */
    static boolean run(LongConsumer round, long minNs) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean measurable = jit != null && jit.isCompilationTimeMonitoringSupported();
        long startNs = System.nanoTime();
        long compiledMs = measurable ? jit.getTotalCompilationTime() : 0;
        while (true) {
            long now = System.nanoTime();
            round.accept(now + TimeUnit.MILLISECONDS.toNanos(ROUND_MS));
            long elapsedNs = System.nanoTime() - startNs;
            if (!measurable) {
                if (elapsedNs >= minNs) {
                    return false;
                }
                continue;
            }
            long compiled = jit.getTotalCompilationTime();
            if (compiled == compiledMs && elapsedNs >= minNs) {
                return true;
            }
            if (elapsedNs >= TimeUnit.SECONDS.toNanos(MAX_S)) {
                return false;
            }
            compiledMs = compiled;
        }
    }
}
