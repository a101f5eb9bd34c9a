package io.tempos.channel.tsn;

import io.tempos.core.config.TsnSpec;
import io.tempos.core.qos.TsnSlot;

import java.util.concurrent.TimeUnit;

/**
 * When a level's packet may leave: the earliest instant at or after {@code now + lead} that lies
 * in the level's window of the TSN cycle (docs/tsn.md). {@code lead} is the etf qdisc's delta,
 * how early etf hands a packet to the driver, so that a packet stamped now is not already late.
 * Pure arithmetic on CLOCK_TAI nanoseconds; allocation-free.
 */
final class LaunchSchedule {

    private final long baseNs;
    private final long cycleNs;
    private final long offsetNs;
    private final long lengthNs;
    private final long leadNs;

    LaunchSchedule(long baseNs, long cycleNs, long offsetNs, long lengthNs, long leadNs) {
        if (cycleNs <= 0 || lengthNs <= 0 || offsetNs < 0 || offsetNs + lengthNs > cycleNs) {
            throw new IllegalArgumentException("window " + offsetNs + "+" + lengthNs + " ns does not fit the cycle of " + cycleNs + " ns");
        }
        this.baseNs = baseNs;
        this.cycleNs = cycleNs;
        this.offsetNs = offsetNs;
        this.lengthNs = lengthNs;
        this.leadNs = leadNs;
    }

    /** The schedule of a level with {@code slot} in {@code tsn}'s cycle. */
    static LaunchSchedule of(TsnSpec tsn, TsnSlot slot) {
        return new LaunchSchedule(tsn.baseTimeNs(), TimeUnit.MICROSECONDS.toNanos(tsn.cycleUs()),
                TimeUnit.MICROSECONDS.toNanos(slot.offsetUs()), TimeUnit.MICROSECONDS.toNanos(slot.lengthUs()),
                TimeUnit.MICROSECONDS.toNanos(tsn.etfDeltaUs()));
    }

    /** The launch time (CLOCK_TAI ns) of a packet sent at {@code nowNs}. */
    long launchNs(long nowNs) {
        long earliest = nowNs + leadNs;
        long intoCycle = Math.floorMod(earliest - baseNs, cycleNs);
        if (intoCycle < offsetNs) {
            return earliest + (offsetNs - intoCycle);
        }
        if (intoCycle < offsetNs + lengthNs) {
            return earliest;
        }
        return earliest + (cycleNs - intoCycle) + offsetNs;
    }
}
