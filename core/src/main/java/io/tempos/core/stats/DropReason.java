package io.tempos.core.stats;

import java.util.Locale;

/** Why an event did not reach the end of its function. Every drop is counted with one of these. */
public enum DropReason {
    /** A frame or outside event that could not be decoded. */
    MALFORMED,
    /** Larger than the component's or channel's limit. */
    OVERSIZED,
    /** It names a workflow the component does not know. */
    UNKNOWN_WORKFLOW,
    /** It arrived on the endpoint of another QoS level than its workflow's. */
    WRONG_LEVEL,
    /** Its source sent more events per second than the trigger's rate limit allows. */
    RATE_LIMITED,
    /** Its workflow's topic has no subscriber reachable on this level. */
    NO_SUBSCRIBER,
    /** The level's queue was full and its policy drops the newest event. */
    QUEUE_FULL,
    /** The level's queue was full and its policy evicted this, the oldest event. */
    EVICTED,
    /** The level's queue was full and its policy rejects to the sender. */
    REJECTED,
    /** The socket refused the send (buffer full, unreachable). */
    SEND_FAILED,
    /** The function threw, returned an error code or crashed. */
    FUNCTION_FAILED,
    /** The function ran past its workflow's timeout. */
    TIMEOUT;

    private static final DropReason[] VALUES = values();

    public static DropReason of(int ordinal) {
        return VALUES[ordinal];
    }

    public static int count() {
        return VALUES.length;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
