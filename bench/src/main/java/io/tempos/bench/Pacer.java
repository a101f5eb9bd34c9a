package io.tempos.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The schedule of a paced source: one send every {@code 1 s / rate}, on an absolute timeline so
 * that a late wake-up is followed by a catch-up burst rather than a lower rate. A source more
 * than {@link #MAX_LAG_NANOS} behind drops that backlog instead of bursting it. Used by one
 * thread; a rate of 0 means no pacing at all (a flood).
 */
final class Pacer {

    /** A source more than this far behind its schedule drops the backlog instead of bursting. */
    static final long MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long periodNanos;
    private final long endNanos;
    private long next;

    /**
     * @param ratePerS      sends per second, or 0 for as fast as the caller can
     * @param durationNanos how long the schedule runs from now
     */
    Pacer(int ratePerS, long durationNanos) {
        if (ratePerS < 0) {
            throw new IllegalArgumentException("rate " + ratePerS + " events/s must be >= 0 (0 = unpaced)");
        }
        this.periodNanos = ratePerS == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / ratePerS;
        this.next = System.nanoTime();
        this.endNanos = next + durationNanos;
    }

    /**
     * Parks until the next send is due and claims it.
     *
     * @return false when the schedule's duration is over (nothing more to send)
     */
    boolean awaitTurn() {
        while (true) {
            long now = System.nanoTime();
            if (now - endNanos >= 0) {
                return false;
            }
            if (periodNanos == 0) {
                return true;
            }
            if (now - next < 0) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            if (now - next > MAX_LAG_NANOS) {
                next = now;
            }
            next += periodNanos;
            return true;
        }
    }
}
