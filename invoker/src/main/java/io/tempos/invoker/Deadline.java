package io.tempos.invoker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time limit of the invocation a worker thread is running, and the means to stop it there.
 * Methods that wait for a process (FSPAWN, isolated DLF) poll with {@link #atNs()} themselves;
 * code that runs on the worker's own thread and checks {@link Thread#isInterrupted()} (the
 * code Chicory compiles from wasm, sleeping or waiting Java code) is interrupted by the
 * {@link Watchdog} once the limit passes, between {@link #armInterrupt()} and
 * {@link #disarmInterrupt()}.
 *
 * <p>Owned by one worker thread, which alone calls {@link #start}, {@link #armInterrupt} and
 * {@link #disarmInterrupt}; the watchdog calls {@link #interruptIfExpired}. The state machine
 * makes sure an interrupt never lands outside the armed window: the worker goes back to its
 * socket, whose channel an interrupt would close, only with its interrupt status cleared.
 */
final class Deadline {

    private static final int IDLE = 0;
    private static final int ARMED = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;

    private final Thread owner;
    private final Watchdog watchdog;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile long atNs;
    private long timeoutNs;

    /** @param watchdog null for a deadline that is only polled (tests of one method) */
    Deadline(Thread owner, Watchdog watchdog) {
        this.owner = owner;
        this.watchdog = watchdog;
    }

    /** A deadline for the calling thread that nothing interrupts. */
    static Deadline unwatched(long timeoutNs) {
        Deadline deadline = new Deadline(Thread.currentThread(), null);
        deadline.start(System.nanoTime(), timeoutNs);
        return deadline;
    }

    /** Sets the limit of the next invocation: {@code timeoutNs} after {@code nowNs}. Owner only. */
    Deadline start(long nowNs, long timeoutNs) {
        this.timeoutNs = timeoutNs;
        this.atNs = nowNs + timeoutNs;
        return this;
    }

    long atNs() {
        return atNs;
    }

    /** The limit as configured, for messages. */
    long timeoutMs() {
        return TimeUnit.NANOSECONDS.toMillis(timeoutNs);
    }

    /** From now until {@link #disarmInterrupt}, the watchdog interrupts the owner once the limit passes. */
    void armInterrupt() {
        if (watchdog == null) {
            return;
        }
        state.set(ARMED);
        watchdog.wakeBy(atNs);
    }

    /**
     * Ends the armed window. Owner only.
     *
     * @return true when the watchdog interrupted the owner; its interrupt status is cleared again
     */
    boolean disarmInterrupt() {
        if (watchdog == null || state.compareAndSet(ARMED, IDLE)) {
            return false;
        }
        while (state.get() == INTERRUPTING) {
            Thread.onSpinWait(); // the watchdog is between its claim and Thread.interrupt()
        }
        boolean interrupted = state.get() == INTERRUPTED;
        Thread.interrupted();
        state.set(IDLE);
        return interrupted;
    }

    /** Watchdog only: interrupts the owner if armed and past the limit; the limit otherwise, or Long.MAX_VALUE. */
    long interruptIfExpired(long nowNs) {
        if (state.get() != ARMED) {
            return Long.MAX_VALUE;
        }
        long limit = atNs;
        if (nowNs - limit < 0) {
            return limit;
        }
        if (state.compareAndSet(ARMED, INTERRUPTING)) {
            owner.interrupt();
            state.set(INTERRUPTED);
        }
        return Long.MAX_VALUE;
    }
}
