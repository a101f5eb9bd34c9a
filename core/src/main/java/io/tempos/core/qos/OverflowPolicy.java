package io.tempos.core.qos;

/** What a full bounded queue of a level does with one more event. Every outcome is counted. */
public enum OverflowPolicy {
    /** Refuse the new event and tell the sender (counted as {@code rejected}). */
    REJECT,
    /** Drop the new event (counted as {@code queue-full}). */
    DROP_NEWEST,
    /** Drop the oldest queued event to make room (counted as {@code evicted}). */
    DROP_OLDEST
}
