package io.tempos.core.qos;

/** A Linux scheduling policy for the threads of a QoS level, with its kernel constant. */
public enum SchedPolicy {
    /** SCHED_OTHER: the normal time-sharing policy; the level's priority is a nice value. */
    OTHER(0),
    /** SCHED_FIFO: real-time, runs until it blocks or a higher priority preempts it. */
    FIFO(1),
    /** SCHED_RR: real-time with a time slice among threads of equal priority. */
    RR(2);

    private final int linuxConstant;

    SchedPolicy(int linuxConstant) {
        this.linuxConstant = linuxConstant;
    }

    public int linuxConstant() {
        return linuxConstant;
    }

    public boolean isRealTime() {
        return this != OTHER;
    }
}
