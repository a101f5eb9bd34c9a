package io.tempos.invoker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread per invoker that interrupts workers whose armed {@link Deadline} has passed. It
 * sleeps until the earliest armed limit (at most {@link #IDLE_PARK_NS}); a worker that arms an
 * earlier limit wakes it with one unpark, so arming costs no lock and, usually, no system call.
 *
 * <p>Ordering: the watchdog publishes its next wake-up time before it scans; a worker arms
 * before it reads that time. With both volatile, either the scan sees the armed deadline or the
 * worker sees a wake-up time later than its limit and unparks the watchdog.
 */
final class Watchdog implements AutoCloseable {

    static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final List<Deadline> deadlines = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile long nextWakeNs = Long.MAX_VALUE;
    private volatile boolean closed;

    Watchdog(String name) {
        thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
        thread.start();
    }

    /** A deadline of {@code owner}, watched until {@link #unregister}. */
    Deadline register(Thread owner) {
        Deadline deadline = new Deadline(owner, this);
        deadlines.add(deadline);
        return deadline;
    }

    void unregister(Deadline deadline) {
        deadlines.remove(deadline);
    }

    /** Makes sure the watchdog looks again by {@code atNs}. Any thread. */
    void wakeBy(long atNs) {
        if (atNs - nextWakeNs < 0) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (!closed) {
            long now = System.nanoTime();
            nextWakeNs = now + IDLE_PARK_NS;
            long earliest = now + IDLE_PARK_NS;
            for (Deadline deadline : deadlines) {
                long limit = deadline.interruptIfExpired(now);
                if (limit != Long.MAX_VALUE && limit - earliest < 0) {
                    earliest = limit;
                }
            }
            nextWakeNs = earliest;
            long sleep = earliest - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
