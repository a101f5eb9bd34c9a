package io.tempos.invoker;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.sys.ThreadScheduling;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

/**
 * Whether an invoker's real-time workers leave a CPU to everything else. A real-time worker busy
 * with back-to-back events never yields its CPU to a normal thread; when such workers can occupy
 * every CPU, the JVM's own threads (the JIT compilers, the garbage collector, the VM thread that
 * runs safepoints and handshakes) and every best-effort level share only the slice the kernel's
 * RT throttling keeps back (5 % by default). Measured here with the processing benchmark's Fig. 6
 * (two FIFO threads on two CPUs): a strict function loaded while that lasts runs interpreted code
 * for seconds, because its compilation waits for those 5 %.
 */
final class RealTimeHeadroom {

    private RealTimeHeadroom() {
    }

    /**
     * A warning naming the levels and the way out, or null when the real-time workers of
     * {@code levels} leave at least one of {@code cpus} CPUs (0..cpus-1) free.
     */
    static String warning(String invokerId, Collection<QosLevel> levels, int cpus) {
        BitSet covered = new BitSet(cpus);
        int workers = 0;
        List<String> named = new ArrayList<>();
        for (QosLevel level : levels) {
            if (!level.threadPolicy().isRealTime() || level.workers() == 0) {
                continue;
            }
            workers += level.workers();
            named.add(level.name() + ": " + level.workers() + " × " + ThreadScheduling.describe(level));
            if (level.cpus().isEmpty()) {
                covered.set(0, cpus);
            } else {
                level.cpus().stream().filter(c -> c >= 0 && c < cpus).forEach(covered::set);
            }
        }
        int reachable = covered.cardinality();
        if (workers == 0 || workers < reachable || reachable < cpus) {
            return null;
        }
        return "invoker " + invokerId + ": " + workers + " real-time worker(s) " + named + " can occupy all " + cpus
                + " CPUs; under back-to-back events the JVM's JIT compiler and GC threads and every best-effort level get only"
                + " what the kernel's RT throttling leaves (5 %), and a function loaded then runs uncompiled for seconds."
                + " Give the real-time levels fewer workers, or a cpus set that leaves a CPU free.";
    }
}
