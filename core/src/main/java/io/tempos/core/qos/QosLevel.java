package io.tempos.core.qos;

import java.util.List;

/**
 * Everything one QoS level binds, per slice: the channel technology and socket priority that
 * carry its events, its broker queue (capacity, overflow policy, wait strategy) and the
 * scheduling of the threads that serve it in every component (broker queue processor, trigger
 * endpoint, invoker workers).
 *
 * @param name           the level's name, e.g. {@code strict}
 * @param channel        the channel adapter carrying the level between components
 * @param socketPriority SO_PRIORITY of the level's sockets, an unsigned 32-bit value held in an
 *                       {@code int}: 0..6 for anyone; above 6 (e.g. an htb class id
 *                       {@code major << 16 | minor}) the component's process needs CAP_NET_ADMIN
 * @param threadPolicy   Linux scheduling policy of the level's threads
 * @param threadPriority real-time priority 1..99 for FIFO/RR; nice value -20..19 for OTHER
 * @param cpus           CPUs the level's threads may run on; empty for no restriction
 * @param queueCapacity  bound of the level's broker queue, in events
 * @param overflow       what a full queue does with one more event
 * @param waitStrategy   how the level's queue processor waits for work
 * @param workers        invoker worker threads for the level
 * @param busyPollUs     SO_BUSY_POLL of the level's receive sockets, in µs; 0 = off (interrupts)
 * @param maxWaitMs      starvation bound of the broker lane: when it has had work but made no
 *                       progress for this long, its threads are boosted; 0 = off
 * @param boostPriority  SCHED_FIFO priority of that boost, 1..99
 * @param tsnSlot        the level's gate window in the TSN cycle, or null when it has none
 */
public record QosLevel(
        String name,
        String channel,
        int socketPriority,
        SchedPolicy threadPolicy,
        int threadPriority,
        List<Integer> cpus,
        int queueCapacity,
        OverflowPolicy overflow,
        WaitStrategy waitStrategy,
        int workers,
        int busyPollUs,
        int maxWaitMs,
        int boostPriority,
        TsnSlot tsnSlot) {

    public static final String STRICT = "strict";
    public static final String BEST_EFFORT = "best-effort";
    /** The boost priority when none is configured: above every SCHED_OTHER thread, below every other RT one. */
    public static final int DEFAULT_BOOST_PRIORITY = 1;

    public QosLevel {
        cpus = List.copyOf(cpus);
        // A model read from JSON written before these keys existed has 0 here.
        boostPriority = boostPriority == 0 ? DEFAULT_BOOST_PRIORITY : boostPriority;
    }

    /** A level without busy polling, starvation bound or TSN slot. */
    public QosLevel(String name, String channel, int socketPriority, SchedPolicy threadPolicy, int threadPriority,
                    List<Integer> cpus, int queueCapacity, OverflowPolicy overflow, WaitStrategy waitStrategy, int workers) {
        this(name, channel, socketPriority, threadPolicy, threadPriority, cpus, queueCapacity, overflow, waitStrategy,
                workers, 0, 0, DEFAULT_BOOST_PRIORITY, null);
    }

    /** This level with the thread scheduling (policy, priority, CPU set) of {@code other}: what changes at run time. */
    public QosLevel withSchedulingOf(QosLevel other) {
        return new QosLevel(name, channel, socketPriority, other.threadPolicy, other.threadPriority, other.cpus, queueCapacity,
                overflow, waitStrategy, workers, busyPollUs, maxWaitMs, boostPriority, tsnSlot);
    }

    /** The built-in strict level (SQ): SCHED_FIFO 99, socket priority 6, small queue. */
    public static QosLevel strict() {
        return new QosLevel(STRICT, "udp", 6, SchedPolicy.FIFO, 99, List.of(), 1024,
                OverflowPolicy.DROP_NEWEST, WaitStrategy.PARK, 1);
    }

    /** The built-in best-effort level (BQ): normal scheduling, socket priority 0, large queue. */
    public static QosLevel bestEffort() {
        return new QosLevel(BEST_EFFORT, "udp", 0, SchedPolicy.OTHER, 0, List.of(), 4096,
                OverflowPolicy.DROP_OLDEST, WaitStrategy.PARK, 2);
    }
}
