package io.tempos.invoker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Warnings from hot threads, at most one line per interval: a flood of bad events must not turn
 * into a flood of log lines, nor make strict workers wait on the logger's lock more than once
 * per interval. Lines in between are counted and the count is reported with the next line.
 * Any thread may call {@link #warn}.
 */
final class RateLimitedLog {

    private final System.Logger logger;
    private final long intervalNs;
    private final LongSupplier nanoClock;
    private final AtomicLong nextLineNs;
    private final LongAdder suppressed = new LongAdder();

    RateLimitedLog(System.Logger logger, long intervalNs, LongSupplier nanoClock) {
        this.logger = logger;
        this.intervalNs = intervalNs;
        this.nanoClock = nanoClock;
        this.nextLineNs = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Logs {@code message} as a warning unless a line was logged less than one interval ago.
     *
     * @return the line logged, or null when it was suppressed
     */
    String warn(String message) {
        long now = nanoClock.getAsLong();
        long next = nextLineNs.get();
        if (now - next < 0 || !nextLineNs.compareAndSet(next, now + intervalNs)) {
            suppressed.increment();
            return null;
        }
        long skipped = suppressed.sumThenReset();
        String line = skipped == 0 ? message : message + " (" + skipped + " more suppressed)";
        logger.log(System.Logger.Level.WARNING, line);
        return line;
    }
}
