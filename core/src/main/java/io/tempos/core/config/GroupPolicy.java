package io.tempos.core.config;

/** How a subscription group picks the one member that gets an event. */
public enum GroupPolicy {
    /** The members in turn, skipping those that are down. */
    ROUND_ROBIN,
    /** The member with the fewest events sent and not yet acknowledged; ties in turn. */
    LEAST_OUTSTANDING
}
