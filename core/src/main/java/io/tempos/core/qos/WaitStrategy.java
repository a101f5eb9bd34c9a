package io.tempos.core.qos;

/** How a queue processor waits when its queue is empty. */
public enum WaitStrategy {
    /** Burn the CPU polling: lowest latency, one core per processor. */
    SPIN,
    /** Poll, yielding the CPU between polls. */
    YIELD,
    /** Park until a producer wakes the processor: no CPU while idle, one wake-up per burst. */
    PARK
}
