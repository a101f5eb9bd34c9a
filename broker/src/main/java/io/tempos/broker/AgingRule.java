package io.tempos.broker;

/**
 * When a lane counts as starved, for the {@link StarvationGuard}: it has had work waiting and
 * made no progress for {@code max-wait-ms}. Boosted, it is restored as soon as it progressed
 * (or has no work left), so a starved lane gets its boost "for a moment": one guard tick.
 * Pure: the guard feeds it the time, whether there is work and a progress count.
 */
final class AgingRule {

    static final int NONE = 0;
    static final int BOOST = 1;
    static final int RESTORE = 2;

    private final long maxWaitNs;
    private long lastProgress = Long.MIN_VALUE;
    private long idleOrProgressNs;
    private boolean boosted;
    private long boosts;

    AgingRule(long maxWaitNs) {
        this.maxWaitNs = maxWaitNs;
    }

    /**
     * One observation of the lane.
     *
     * @param progress any count that grows whenever the lane moves an event
     * @return {@link #BOOST}, {@link #RESTORE} or {@link #NONE}
     */
    int tick(long nowNs, boolean hasWork, long progress) {
        boolean progressed = progress != lastProgress;
        lastProgress = progress;
        if (progressed || !hasWork) {
            idleOrProgressNs = nowNs;
        }
        if (boosted) {
            if (progressed || !hasWork) {
                boosted = false;
                return RESTORE;
            }
            return NONE;
        }
        if (hasWork && nowNs - idleOrProgressNs >= maxWaitNs) {
            boosted = true;
            boosts++;
            return BOOST;
        }
        return NONE;
    }

    boolean boosted() {
        return boosted;
    }

    long boosts() {
        return boosts;
    }
}
