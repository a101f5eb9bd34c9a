package io.tempos.core.sys;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives the calling platform thread the scheduling of a QoS level: its Linux policy and
 * priority, and its CPU set. Where the process lacks the right, the thread keeps what it has
 * and one warning per kind of failure is logged for the whole process.
 */
public final class ThreadScheduling {

    private static final System.Logger LOG = System.getLogger(ThreadScheduling.class.getName());
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private ThreadScheduling() {
    }

    /**
     * Applies {@code level} to the calling thread.
     *
     * @param role names the thread in warnings, e.g. {@code broker strict queue processor}
     * @return true when the level's policy, priority and CPU set are all in force
     */
    public static boolean apply(QosLevel level, String role) {
        return apply(level, role, PipelineStage.WORKER);
    }

    /**
     * Applies {@code level} to the calling thread at the priority of its {@code stage} on the
     * event path (see {@link PipelineStage}).
     */
    public static boolean apply(QosLevel level, String role, PipelineStage stage) {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException(role + ": scheduling applies to platform threads only");
        }
        boolean complete = true;
        SchedPolicy policy = level.threadPolicy();
        int rc = policy.isRealTime()
                ? Linux.setScheduler(policy.linuxConstant(), stage.priority(level))
                : Linux.setNice(stage.priority(level));
        if (rc != 0) {
            complete = false;
            warnOnce(policy + ":" + rc, "cannot give " + role + " " + describe(level) + ": " + Linux.describe(rc)
                    + "; it runs with normal scheduling. Run as root or grant CAP_SYS_NICE for real-time priorities.");
        }
        if (!level.cpus().isEmpty()) {
            int affinity = Linux.setAffinity(level.cpus());
            if (affinity != 0) {
                complete = false;
                warnOnce("cpus:" + affinity, "cannot pin " + role + " to CPUs " + level.cpus() + ": " + Linux.describe(affinity));
            }
        }
        return complete;
    }

    /**
     * Gives the running thread {@code tid} {@code level}'s scheduling at {@code stage}, whatever it
     * had before (a level changed at run time): policy and priority, nice value, and CPU set,
     * which an empty {@code cpus} lifts.
     *
     * @return null when all of it is in force, else what the kernel refused
     */
    public static String reapply(int tid, QosLevel level, String role, PipelineStage stage) {
        SchedPolicy policy = level.threadPolicy();
        int rc = policy.isRealTime()
                ? Linux.setScheduler(tid, policy.linuxConstant(), stage.priority(level))
                : Linux.setScheduler(tid, SchedPolicy.OTHER.linuxConstant(), 0);
        if (rc == 0) { // a real-time thread keeps its nice value for when it returns to SCHED_OTHER: reset it
            rc = Linux.setNice(tid, policy.isRealTime() ? 0 : stage.priority(level));
        }
        if (rc != 0) {
            return "cannot give " + role + " " + describe(level) + ": " + Linux.describe(rc);
        }
        int affinity = Linux.setAffinity(tid, level.cpus());
        return affinity == 0 ? null
                : "cannot " + (level.cpus().isEmpty() ? "unpin " + role : "pin " + role + " to CPUs " + level.cpus()) + ": " + Linux.describe(affinity);
    }

    /** e.g. {@code SCHED_FIFO 99 on CPUs [1]}. */
    public static String describe(QosLevel level) {
        String policy = level.threadPolicy().isRealTime()
                ? "SCHED_" + level.threadPolicy() + " " + level.threadPriority()
                : "SCHED_OTHER nice " + level.threadPriority();
        return level.cpus().isEmpty() ? policy : policy + " on CPUs " + level.cpus();
    }

    private static void warnOnce(String key, String message) {
        if (WARNED.add(key)) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }
}
