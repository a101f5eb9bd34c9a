package io.tempos.core.sys;

import io.tempos.core.qos.QosLevel;

/**
 * Where a thread sits on an event's path through one host. For real-time levels each stage runs
 * one priority step above the stage before it, the function's worker at the level's own
 * priority: a consumer then preempts its producer, so a burst of strict events drains through
 * the pipeline instead of piling up in a bounded queue in front of a consumer that two
 * producers of equal priority keep off both CPUs. Normal (SCHED_OTHER) levels take their nice
 * value at every stage.
 */
public enum PipelineStage {
    /** A trigger endpoint taking outside events in. */
    INGRESS(3),
    /** A broker lane's receiver, filling the level's queue. */
    QUEUE_RECEIVER(2),
    /** A broker lane's queue processor, draining it to the subscribers. */
    QUEUE_PROCESSOR(1),
    /** An invoker worker running the function: the level's priority itself. */
    WORKER(0);

    private final int stepsBelowLevel;

    PipelineStage(int stepsBelowLevel) {
        this.stepsBelowLevel = stepsBelowLevel;
    }

    /** The real-time priority of this stage for {@code level} (1..99), or its nice value for SCHED_OTHER. */
    public int priority(QosLevel level) {
        return level.threadPolicy().isRealTime() ? Math.max(1, level.threadPriority() - stepsBelowLevel) : level.threadPriority();
    }
}
