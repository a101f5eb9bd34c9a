package io.tempos.trigger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket of {@code ratePerS} tokens a second holding at most one second's worth, kept
 * as the generic cell rate algorithm: one "theoretical arrival time" updated by compare-and-set.
 * Lock-free, so a best-effort thread can never hold a lock a strict one waits for.
 */
final class TokenBucket {

    private final long intervalNs;
    private final long toleranceNs;
    private final AtomicLong theoreticalArrivalNs = new AtomicLong(Long.MIN_VALUE);

    TokenBucket(int ratePerS) {
        if (ratePerS < 1) {
            throw new IllegalArgumentException("rate " + ratePerS + " per s < 1");
        }
        this.intervalNs = Math.max(1, 1_000_000_000L / ratePerS);
        this.toleranceNs = (ratePerS - 1) * intervalNs;
    }

    /** Takes one token at {@code nowNs} (a {@link System#nanoTime()} value); false when the bucket is empty. */
    boolean tryTake(long nowNs) {
        while (true) {
            long tat = theoreticalArrivalNs.get();
            long base = Math.max(tat, nowNs);
            if (base - nowNs > toleranceNs) {
                return false;
            }
            if (theoreticalArrivalNs.compareAndSet(tat, base + intervalNs)) {
                return true;
            }
        }
    }

    /** True when the bucket has refilled completely by {@code nowNs}: forgetting it changes nothing. */
    boolean isFull(long nowNs) {
        return theoreticalArrivalNs.get() <= nowNs;
    }
}
