package io.tempos.trigger;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate limits of one QoS level's endpoints of a trigger: a bucket for all sources together
 * and one per source (an IP address, a Unix socket connection, an outside topic). Levels have
 * separate limits so that a best-effort flood never spends the tokens of strict events.
 * Safe for every thread of the level; lock-free.
 */
final class RateLimits {

    /** Past this many sources, full (idle) buckets are forgotten; if all are busy, new sources are refused. */
    static final int MAX_SOURCES = 4_096;
    static final RateLimits NONE = new RateLimits(0, 0);

    private final TokenBucket total;
    private final int perSourcePerS;
    private final ConcurrentHashMap<Object, TokenBucket> sources = new ConcurrentHashMap<>();

    /** Limits of {@code totalPerS} and {@code perSourcePerS} events a second; 0 means no limit. */
    RateLimits(int totalPerS, int perSourcePerS) {
        this.total = totalPerS > 0 ? new TokenBucket(totalPerS) : null;
        this.perSourcePerS = perSourcePerS;
    }

    boolean limitsSources() {
        return perSourcePerS > 0;
    }

    /** True when one more event from {@code source} may pass at {@code nowNs}; a refused one takes no token. */
    boolean admit(Object source, long nowNs) {
        if (perSourcePerS > 0 && source != null) {
            TokenBucket bucket = sourceBucket(source, nowNs);
            if (bucket == null || !bucket.tryTake(nowNs)) {
                return false;
            }
        }
        return total == null || total.tryTake(nowNs);
    }

    /** The bucket of {@code source}, or null while {@link #MAX_SOURCES} busy sources are tracked. */
    private TokenBucket sourceBucket(Object source, long nowNs) {
        TokenBucket bucket = sources.get(source);
        if (bucket != null) {
            return bucket;
        }
        if (sources.size() >= MAX_SOURCES) {
            sources.values().removeIf(b -> b.isFull(nowNs));
            if (sources.size() >= MAX_SOURCES) {
                return null;
            }
        }
        return sources.computeIfAbsent(source, s -> new TokenBucket(perSourcePerS));
    }

    int trackedSources() {
        return sources.size();
    }
}
