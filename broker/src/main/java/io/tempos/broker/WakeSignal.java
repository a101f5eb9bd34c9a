package io.tempos.broker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Lets one consumer thread sleep while its queue is empty and a producer wake it, without a
 * lock: the consumer publishes itself as waiter before its last look at the queue, and a
 * producer that has just offered unparks whoever is published. A wake-up can therefore not be
 * lost between the consumer's look and its park.
 */
final class WakeSignal {

    /** Upper bound of one park, so that a closed lane notices within this time. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private volatile Thread waiter;

    /** Consumer side: parks unless {@code hasWork} turns true after publishing the waiter. */
    void await(BooleanSupplier hasWork) {
        waiter = Thread.currentThread();
        if (!hasWork.getAsBoolean()) {
            LockSupport.parkNanos(this, MAX_PARK_NANOS);
        }
        waiter = null;
    }

    /** Producer side, after an offer: wakes the consumer if it is parked or about to park. */
    void signal() {
        Thread thread = waiter;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
